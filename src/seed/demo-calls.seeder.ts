import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CallApproval } from '../calls/call-approval.entity';
import { Call } from '../calls/call.entity';
import { ReminderService } from '../notifications/reminders/reminder.service';
import { Attachment } from '../proposals/attachments/attachment.entity';
import { AttachmentStore } from '../proposals/attachments/attachment-store';
import { EligibilityVerdict } from '../proposals/eligibility-verdict.entity';
import { DEADLINE_REMINDERS } from '../proposals/proposal-deadlines';
import { ProposalState } from '../proposals/proposal-state';
import { Proposal } from '../proposals/proposal.entity';
import { Side, TeamMember, TeamRole } from '../proposals/team-member.entity';
import { Agency } from '../reference-data/agency.entity';
import { Agreement } from '../reference-data/agreement.entity';
import { User } from '../users/user.entity';
import { DemoCall, demoCalls, DemoMember, DemoProposal, OFFICER_NSTC } from './demo-calls.data';
import { demoPdf } from './demo-pdf';

const DAY = 24 * 3600 * 1000;

export interface DemoCallsResult {
  calls: number;
  callsAdded: number;
  proposals: number;
  proposalsAdded: number;
}

/**
 * Writes the demo story of demo-calls.data.ts straight into the tables, inside the seed's transaction. Calls are
 * matched by title and proposals by call and title; whatever exists is left as it is (the demo may have moved it
 * on), so a second run inserts nothing.
 */
@Injectable()
export class DemoCallsSeeder {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly audit: AuditService,
    private readonly store: AttachmentStore,
    private readonly reminders: ReminderService,
  ) {}

  async run(agencies: Map<string, Agency>, now = new Date()): Promise<DemoCallsResult> {
    const story = demoCalls(now);
    const accounts = await this.accounts(story);
    const result: DemoCallsResult = { calls: story.length, callsAdded: 0, proposals: 0, proposalsAdded: 0 };
    for (const spec of story) {
      let call = await this.txHost.tx.getRepository(Call).findOneBy({ title: spec.title });
      if (!call) {
        call = await this.insertCall(spec, agencies, accounts);
        result.callsAdded++;
      }
      for (const proposal of spec.proposals) {
        result.proposals++;
        if (await this.txHost.tx.getRepository(Proposal).existsBy({ callId: call.id, title: proposal.title })) continue;
        await this.insertProposal(call, spec, proposal, accounts, now);
        result.proposalsAdded++;
      }
    }
    return result;
  }

  /** The demo accounts the story names, by e-mail; they are seeded just before. */
  private async accounts(story: DemoCall[]): Promise<Map<string, User>> {
    const emails = new Set([OFFICER_NSTC]);
    for (const call of story) {
      call.approvals.forEach(({ officer }) => emails.add(officer));
      for (const proposal of call.proposals) {
        emails.add(proposal.createdBy);
        proposal.team.forEach((member) => 'account' in member && emails.add(member.account));
        proposal.verdicts.forEach(({ officer }) => emails.add(officer));
      }
    }
    const users = await this.txHost.tx.getRepository(User).findBy({ email: In([...emails]) });
    const found = new Map(users.map((user) => [user.email, user]));
    const missing = [...emails].filter((email) => !found.has(email));
    if (missing.length > 0) throw new Error(`The demo story needs the demo accounts ${missing.join(', ')}`);
    return found;
  }

  private async insertCall(spec: DemoCall, agencies: Map<string, Agency>, accounts: Map<string, User>): Promise<Call> {
    const tx = this.txHost.tx;
    const home = agencies.get('NSTC')!;
    const partner = agencies.get(spec.partner);
    if (!partner) throw new Error(`The demo story needs the agency ${spec.partner}`);
    const agreement = await tx.getRepository(Agreement).findOneBy({ homeAgencyId: home.id, partnerAgencyId: partner.id });
    const { partner: _partner, approvals, proposals: _proposals, ...fields } = spec;
    const creator = accounts.get(OFFICER_NSTC)!;
    const calls = tx.getRepository(Call);
    const call = await calls.save(
      calls.create({
        ...fields,
        projectStartsAt: fields.projectStartsAt ?? fields.decisionExpectedAt,
        timezone: 'Asia/Taipei',
        minReviewsPerProposal: 2,
        homeAgencyId: home.id,
        partnerAgencyId: partner.id,
        agreementId: agreement?.id ?? null,
        createdById: creator.id,
        updatedAt: spec.createdAt,
      }),
    );
    if (approvals.length > 0) {
      await tx.getRepository(CallApproval).insert(
        approvals.map(({ agency, officer, approvedAt }) => ({
          callId: call.id,
          agencyId: agencies.get(agency)!.id,
          officerId: accounts.get(officer)!.id,
          callVersion: call.version,
          approvedAt,
        })),
      );
    }
    await this.audit.record({
      actorId: creator.id,
      entityType: 'CALL',
      entityId: call.id,
      action: 'CREATED',
      toState: spec.state,
      data: { demo: true },
    });
    return call;
  }

  private async insertProposal(call: Call, callSpec: DemoCall, spec: DemoProposal, accounts: Map<string, User>, now: Date): Promise<void> {
    const tx = this.txHost.tx;
    const creator = accounts.get(spec.createdBy)!;
    const { createdBy: _createdBy, team, attachmentKinds, verdicts, ...fields } = spec;
    const lastChange = [spec.createdAt, spec.submittedAt, ...verdicts.map(({ recordedAt }) => recordedAt)]
      .filter((date): date is Date => date !== null)
      .reduce((latest, date) => (date > latest ? date : latest));
    const proposals = tx.getRepository(Proposal);
    const proposal = await proposals.save(proposals.create({ ...fields, callId: call.id, createdById: creator.id, updatedAt: lastChange }));

    const members = team.map((member) => this.memberRow(proposal.id, member, accounts, spec));
    await tx.getRepository(TeamMember).insert(members);

    for (const kind of attachmentKinds) await this.attach(proposal, callSpec, kind, members, creator, spec.createdAt);

    if (verdicts.length > 0) {
      await tx.getRepository(EligibilityVerdict).insert(
        verdicts.map(({ agency, officer, eligible, reason, recordedAt }) => ({
          proposalId: proposal.id,
          agencyId: agency === 'NSTC' ? call.homeAgencyId : call.partnerAgencyId,
          officerId: accounts.get(officer)!.id,
          eligible,
          reason,
          recordedAt,
        })),
      );
    }

    if (spec.state === ProposalState.Draft) {
      const recipients = members.filter((member) => member.role === TeamRole.PrincipalInvestigator && member.userId && member.confirmedAt);
      // The reminders ProposalDeadlines gives a draft's confirmed PIs on creation and confirmation.
      for (const member of recipients) {
        await this.reminders.scheduleAround({
          offsets: DEADLINE_REMINDERS,
          subject: { type: 'PROPOSAL', id: proposal.id },
          recipientId: member.userId!,
          dueAt: call.closesAt,
          now,
        });
      }
    }

    await this.audit.record({
      actorId: creator.id,
      entityType: 'PROPOSAL',
      entityId: proposal.id,
      action: 'CREATED',
      toState: spec.state,
      data: { demo: true },
    });
  }

  private memberRow(proposalId: string, member: DemoMember, accounts: Map<string, User>, spec: DemoProposal): Partial<TeamMember> {
    const { createdAt } = spec;
    const base = { proposalId, role: member.role, side: member.side, createdAt };
    const confirmedNextDay = new Date(createdAt.getTime() + DAY);
    if (!('account' in member)) {
      // A PI without an account counts as confirmed in the demo; co-investigators never confirm.
      return {
        ...base,
        ...member.person,
        userId: null,
        confirmedAt: member.role === TeamRole.PrincipalInvestigator ? confirmedNextDay : null,
      };
    }
    const user = accounts.get(member.account)!;
    const person = { name: user.name, email: user.email, institution: user.institution ?? '', country: user.country ?? '' };
    if (!member.confirmed) {
      // Invited but not yet confirmed: the token was e-mailed (here: never), only its digest is kept.
      return {
        ...base,
        ...person,
        userId: null,
        confirmedAt: null,
        invitationDigest: createHash('sha256').update(randomBytes(32)).digest(),
      };
    }
    // The PI who opened the draft is confirmed at once; the invited one the next day.
    return { ...base, ...person, userId: user.id, confirmedAt: member.account === spec.createdBy ? createdAt : confirmedNextDay };
  }

  /** A one-page PDF of the kind asked, stored like an upload: the attachment row, then its bytes as slices. */
  private async attach(
    proposal: Proposal,
    call: DemoCall,
    kind: string,
    team: Partial<TeamMember>[],
    uploader: User,
    createdAt: Date,
  ): Promise<void> {
    const pdf = this.document(proposal, call, kind, team);
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    const attachments = this.txHost.tx.getRepository(Attachment);
    const { id } = await attachments.save(
      attachments.create({
        proposalId: proposal.id,
        kind,
        filename: `${(proposal.acronym ?? 'proposal').toLowerCase()}-${kind}.pdf`,
        contentType: 'application/pdf',
        size: pdf.length,
        sha256,
        uploadedById: uploader.id,
        uploadedAt: new Date(createdAt.getTime() + 2 * DAY),
      }),
    );
    const stored = await this.store.write(
      id,
      (async function* () {
        yield pdf;
      })(),
      async () => {},
    );
    if (stored.size !== pdf.length || stored.sha256 !== sha256) throw new Error(`Attachment ${id} was not stored as written`);
  }

  private document(proposal: Proposal, call: DemoCall, kind: string, team: Partial<TeamMember>[]): Buffer {
    const notice = 'Sample document generated by the Joint Calls demo seed for local use; it is not a real proposal.';
    if (kind === 'project-description') {
      return demoPdf('Demo project description', [
        `${proposal.title} (${proposal.acronym})`,
        `Call: ${call.title}`,
        proposal.abstract,
        notice,
      ]);
    }
    const side = kind === 'cv-partner-pi' ? Side.Partner : Side.Home;
    const pi = team.find((member) => member.role === TeamRole.PrincipalInvestigator && member.side === side);
    return demoPdf('Demo curriculum vitae', [
      `${pi?.name ?? 'Principal investigator'}, ${pi?.institution ?? ''}`,
      `Principal investigator (${side === Side.Home ? 'Taiwan' : 'partner'} side) of "${proposal.title}"`,
      notice,
    ]);
  }
}
