import { Role } from '../../src/common/identity/role';
import { UsersService } from '../../src/users/users.service';
import { Actor, api, loadAgencies, PASSWORD, signedIn } from './actors';
import { callInput, PDF, publishedCall } from './calls';
import { TestApp } from './test-app';

/**
 * Who calls, in the authorization matrix. Add a name here (a reviewer assigned, one not assigned...) and give it an
 * account in `buildWorld`; the table's `only(...)` rows give it their default until an entry says otherwise.
 */
export const ACTORS = ['anonymous', 'pi', 'coInvestigator', 'outsider', 'nstc', 'gacr', 'third', 'admin'] as const;
export type ActorName = (typeof ACTORS)[number];

export const ACTOR_DESCRIPTIONS: Record<ActorName, string> = {
  anonymous: 'nobody signed in',
  pi: 'the PI on the team (its creator)',
  coInvestigator: 'a co-investigator on the team, with an account',
  outsider: 'a researcher on no team of it',
  nstc: "an officer of NSTC (the call's home agency)",
  gacr: "an officer of GAČR (the call's partner agency)",
  third: 'an officer of DFG (party to nothing here)',
  admin: 'an admin',
};

/** What the matrix runs against: one of each resource, and fresh ones for the requests that change theirs. */
export interface World {
  testApp: TestApp;
  actors: Record<Exclude<ActorName, 'anonymous'>, Actor>;
  agencyIds: { nstc: string; gacr: string; dfg: string };
  publishedCallId: string;
  draftCallId: string;
  /** A draft in the published call, written by `pi` with `coInvestigator` on its team. */
  proposalId: string;
  attachmentId: string;
  /** A submitted proposal with both PIs confirmed (partnerPi is the second). */
  submittedProposalId: string;
  /** NSTC's endpoint and one of its deliveries. */
  endpointId: string;
  deliveryId: string;
  officeId: string;
  agreementId: string;
  fresh: {
    draftCall(): Promise<{ id: string; version: number }>;
    approvedCall(): Promise<{ id: string; version: number }>;
    publishedCall(): Promise<{ id: string; version: number }>;
    proposal(): Promise<string>;
    submittedProposal(): Promise<string>;
    endpoint(): Promise<string>;
    user(): Promise<string>;
  };
}

const tokenIn = (text: string) => /invitation(?:\?lang=[A-Za-z-]+)?#token=([A-Za-z0-9_-]+)/.exec(text)?.[1];

export async function buildWorld(testApp: TestApp): Promise<World> {
  const agencies = await loadAgencies(testApp.dataSource);
  const agencyIds = { nstc: agencies.get('NSTC')!.id, gacr: agencies.get('GACR')!.id, dfg: agencies.get('DFG')!.id };
  const actors = {
    pi: await signedIn(testApp, [Role.Researcher]),
    coInvestigator: await signedIn(testApp, [Role.Researcher]),
    outsider: await signedIn(testApp, [Role.Researcher]),
    nstc: await signedIn(testApp, [Role.Officer], { agencyId: agencyIds.nstc }),
    gacr: await signedIn(testApp, [Role.Officer], { agencyId: agencyIds.gacr }),
    third: await signedIn(testApp, [Role.Officer], { agencyId: agencyIds.dfg }),
    admin: await signedIn(testApp, [Role.Admin]),
  };
  const partnerPi = await signedIn(testApp, [Role.Researcher]);
  const http = () => api(testApp);

  // NSTC's endpoint exists before the first call is published, so that the publication gives it a delivery.
  const endpoint = async () =>
    (
      await http()
        .post('/api/v1/webhook-endpoints')
        .set(actors.nstc.auth)
        .send({ url: 'https://nstc.example.org/hooks', eventTypes: ['call.published', 'proposal.submitted'] })
        .expect(201)
    ).body.id as string;
  const endpointId = await endpoint();

  const draftCall = async () => {
    const { body } = await http().post('/api/v1/calls').set(actors.nstc.auth).send(callInput(agencies)).expect(201);
    return { id: body.id as string, version: body.version as number };
  };
  const approvedCall = async () => {
    const call = await draftCall();
    await http().post(`/api/v1/calls/${call.id}/approve`).set(actors.nstc.auth).send({ version: call.version }).expect(200);
    await http().post(`/api/v1/calls/${call.id}/approve`).set(actors.gacr.auth).send({ version: call.version }).expect(200);
    return call;
  };
  const published = async () => {
    const call = await publishedCall(testApp, actors.nstc, actors.gacr, callInput(agencies));
    return { id: call.id, version: call.version };
  };
  const publishedCallId = (await published()).id;

  const proposal = async () =>
    (
      await http()
        .post(`/api/v1/calls/${publishedCallId}/proposals`)
        .set(actors.pi.auth)
        .send({
          title: 'Quantum sensors for seismic early warning',
          abstract: 'Joint work on quantum sensing.',
          keywords: ['quantum'],
          scientificField: 'physics',
          durationMonths: 36,
          homeBudget: '2800000.00',
          partnerBudget: '2400000.00',
          side: 'HOME',
          institution: 'National Taiwan University',
          country: 'TW',
          coInvestigators: [
            { name: 'Lin Mei', email: actors.coInvestigator.email, institution: 'National Taiwan University', country: 'TW', side: 'HOME' },
          ],
        })
        .expect(201)
    ).body.id as string;

  const submittedProposal = async () => {
    const id = await proposal();
    await http()
      .post(`/api/v1/proposals/${id}/invitations`)
      .set(actors.pi.auth)
      .send({ name: 'Petr Svoboda', email: partnerPi.email, institution: 'Charles University', country: 'CZ' })
      .expect(201);
    // The token travels in the e-mail, which is still in the outbox: no worker runs in this suite.
    const [invitation] = await testApp.dataSource.query<{ variables: { invitationUrl?: string } }[]>(
      `SELECT variables FROM outbound_email WHERE type = 'proposal-invitation' AND subject_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [id],
    );
    const token = tokenIn(JSON.stringify(invitation.variables));
    await http().post(`/api/v1/proposals/${id}/confirm`).set(partnerPi.auth).send({ token }).expect(200);
    await http()
      .post(`/api/v1/proposals/${id}/attachments?kind=project-description`)
      .set(actors.pi.auth)
      .attach('file', PDF, 'description.pdf')
      .expect(201);
    await http().post(`/api/v1/proposals/${id}/submit`).set(actors.pi.auth).send({}).expect(200);
    return id;
  };

  const proposalId = await proposal();
  const attachment = await http()
    .post(`/api/v1/proposals/${proposalId}/attachments?kind=project-description`)
    .set(actors.pi.auth)
    .attach('file', PDF, 'description.pdf')
    .expect(201);
  const [delivery] = await testApp.dataSource.query<{ id: string }[]>('SELECT id FROM webhook_delivery WHERE endpoint_id = $1 LIMIT 1', [
    endpointId,
  ]);
  const office = await http()
    .post('/api/v1/offices')
    .set(actors.admin.auth)
    .send({ name: 'Science and Technology Division (Prague)', city: 'Prague', country: 'CZ', timezone: 'Europe/Prague' })
    .expect(201);
  const agreement = await http()
    .post('/api/v1/agreements')
    .set(actors.admin.auth)
    .send({ homeAgencyId: agencyIds.nstc, partnerAgencyId: agencyIds.gacr, title: 'MoU', kind: 'MOU', signedOn: '2019-05-14' })
    .expect(201);
  let users = 0;

  return {
    testApp,
    actors,
    agencyIds,
    publishedCallId,
    draftCallId: (await draftCall()).id,
    proposalId,
    attachmentId: attachment.body.id as string,
    submittedProposalId: await submittedProposal(),
    endpointId,
    deliveryId: delivery.id,
    officeId: office.body.id as string,
    agreementId: agreement.body.id as string,
    fresh: {
      draftCall,
      approvedCall,
      publishedCall: published,
      proposal,
      submittedProposal,
      endpoint,
      user: async () =>
        (
          await testApp.app.get(UsersService).create({
            email: `matrix-user-${++users}-${process.pid}@example.org`,
            name: 'Someone Else',
            password: PASSWORD,
            language: 'en' as never,
            roles: [Role.Researcher],
            agencyId: null,
          })
        ).id,
    },
  };
}
