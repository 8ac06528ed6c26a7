import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { In } from 'typeorm';
import { Principal } from '../common/access/principal';
import { Page, pageOf, PageQuery } from '../common/pagination/page';
import { Proposal } from '../proposals/proposal.entity';
import { Conflict, conflictsOf, DeclaredConflictKind } from './conflicts.rules';
import { DeclaredConflict } from './declared-conflict.entity';
import { DeclareConflict } from './dto/reviewer.dto';
import { InstitutionAliasesService } from './institution-aliases.service';
import { LIVE_ASSIGNMENT_STATES } from './review-assignment-state';
import { REVIEW_ERRORS } from './reviews.errors';

/** A reviewer as the conflict check needs them. */
export interface ReviewerTies {
  userId: string;
  email: string;
  emailDomain: string;
  institution: string;
}

/** Which field a declaration of each kind must name. */
const NAMED_BY: Record<DeclaredConflictKind, 'proposalId' | 'personEmail' | 'institution'> = {
  [DeclaredConflictKind.Proposal]: 'proposalId',
  [DeclaredConflictKind.Person]: 'personEmail',
  [DeclaredConflictKind.Institution]: 'institution',
};

/**
 * Conflicts of interest: the declarations reviewers keep, and the check of reviewers against a proposal, which loads
 * what the pure rule (conflicts.rules.ts) needs for many reviewers at once: a few queries, whatever their number.
 */
@Injectable()
export class ConflictsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly aliases: InstitutionAliasesService,
  ) {}

  private get declarations() {
    return this.txHost.tx.getRepository(DeclaredConflict);
  }

  /**
   * Each reviewer's conflicts with the proposal (in the proposal's call); a reviewer without any maps to []. When a
   * reviewer answers an invitation, `answering` names it: the assignment being answered is no conflict of its own.
   */
  async check(
    proposal: Pick<Proposal, 'id' | 'callId' | 'team'>,
    reviewers: readonly ReviewerTies[],
    { answering }: { answering?: string } = {},
  ): Promise<Map<string, Conflict[]>> {
    if (reviewers.length === 0) return new Map();
    const ids = reviewers.map((reviewer) => reviewer.userId);
    const emails = reviewers.map((reviewer) => reviewer.email.toLowerCase());
    // One after the other: inside a transaction they share one connection, which runs one query at a time anyway.
    const aliases = await this.aliases.all();
    const competitors = await this.txHost.tx.query<{ user_id: string | null; email: string }[]>(
      `SELECT member.user_id, lower(member.email) AS email
       FROM team_member member JOIN proposal ON proposal.id = member.proposal_id
       WHERE proposal.call_id = $1 AND proposal.id <> $2 AND proposal.state NOT IN ('DRAFT', 'WITHDRAWN')
         AND (member.user_id = ANY($3::uuid[]) OR lower(member.email) = ANY($4::text[]))`,
      [proposal.callId, proposal.id, ids, emails],
    );
    const declared = await this.declarations.findBy({ reviewerId: In(ids) });
    const assigned = await this.txHost.tx.query<{ reviewer_id: string }[]>(
      `SELECT reviewer_id FROM review_assignment
       WHERE proposal_id = $1 AND reviewer_id = ANY($2::uuid[]) AND state = ANY($3::review_assignment_state[])
         AND id IS DISTINCT FROM $4::uuid`,
      [proposal.id, ids, LIVE_ASSIGNMENT_STATES, answering ?? null],
    );
    const team = proposal.team.map(({ userId, name, email, institution }) => ({ userId, name, email, institution }));
    const competing = competitors.map((row) => ({ userId: row.user_id, email: row.email }));
    const assignedIds = new Set(assigned.map((row) => row.reviewer_id));
    return new Map(
      reviewers.map((reviewer) => [
        reviewer.userId,
        conflictsOf({
          reviewer,
          proposal: { id: proposal.id, team },
          competitors: competing,
          declared: declared.filter((declaration) => declaration.reviewerId === reviewer.userId),
          alreadyAssigned: assignedIds.has(reviewer.userId),
          aliases,
        }),
      ]),
    );
  }

  /** The reviewer's declarations, oldest first. */
  async listDeclared(reviewerId: string, query: PageQuery): Promise<Page<DeclaredConflict>> {
    return pageOf(
      await this.declarations.findAndCount({
        where: { reviewerId },
        order: { createdAt: 'ASC', id: 'ASC' },
        take: query.limit,
        skip: query.offset,
      }),
      query,
    );
  }

  /** A reviewer declares a conflict with exactly one proposal, person or institution: the one its kind names. */
  @Transactional()
  async declare(reviewer: Principal, input: DeclareConflict): Promise<DeclaredConflict> {
    const named = NAMED_BY[input.kind];
    const problems = (Object.values(NAMED_BY) as (keyof DeclareConflict)[])
      .filter((field) => (field === named ? input[field] === undefined : input[field] !== undefined))
      .map((field) =>
        field === named
          ? { field, message: `a ${input.kind} conflict names its ${field}` }
          : { field, message: `a ${input.kind} conflict names no ${field}` },
      );
    if (problems.length > 0) throw REVIEW_ERRORS.DECLARED_CONFLICT_INVALID(problems);
    return this.declarations.save(
      this.declarations.create({
        reviewerId: reviewer.id,
        kind: input.kind,
        proposalId: input.proposalId ?? null,
        personEmail: input.personEmail ?? null,
        institution: input.institution ?? null,
        reason: input.reason ?? '',
      }),
    );
  }

  @Transactional()
  async withdraw(reviewer: Principal, id: string): Promise<void> {
    const result = await this.declarations.delete({ id, reviewerId: reviewer.id });
    if (!result.affected) throw REVIEW_ERRORS.DECLARED_CONFLICT_NOT_FOUND();
  }
}
