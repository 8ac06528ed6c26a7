import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { Language, Role } from '../src/common/identity/role';
import { Agency } from '../src/reference-data/agency.entity';
import { Actor, expectProblem, loadAgencies, logIn, PASSWORD, signedIn } from './support/actors';
import { callInReview, recruit, seedProposal, TeamPerson } from './support/reviews';
import { SmtpSink } from './support/smtp-sink';
import { TestApp, startTestApp } from './support/test-app';
import { startTestWorker } from './support/test-worker';

const DAY_MS = 24 * 3600 * 1000;
const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();

/** The people of the proposals: the reviewers' conflicts are judged against them. */
const CHEN: TeamPerson = { name: 'Chen Mei-ling', email: 'mlchen@ntu.edu.tw', institution: 'National Taiwan University' };
const NOVAKOVA: TeamPerson = { name: 'Jana Nováková', email: 'novakova@cuni.cz', institution: 'Charles University', country: 'CZ' };
const LIN: TeamPerson = { name: 'Lin Wei', email: 'lin.wei@gmail.com', institution: 'Academia Sinica' };
const HUANG: TeamPerson = { name: 'Huang Yu-ting', email: 'huang@nthu.edu.tw', institution: 'National Tsing Hua University' };
const DVORAK: TeamPerson = {
  name: 'Tomáš Dvořák',
  email: 'dvorak@cvut.cz',
  institution: 'Czech Technical University in Prague',
  country: 'CZ',
};

jest.setTimeout(60_000);

describe('Reviewers and review assignments', () => {
  const smtp = new SmtpSink();
  let testApp: TestApp;
  let worker: INestApplicationContext;
  let agencies: Map<string, Agency>;
  let nstc: Actor;
  let gacr: Actor;
  let dfg: Actor;
  let admin: Actor;
  let stranger: Actor;
  const api = () => request(testApp.http);

  beforeAll(async () => {
    await smtp.start();
    testApp = await startTestApp({ SMTP_URL: smtp.url, SWEEP_INTERVAL_MS: '300', PUBLIC_URL: 'https://joint-calls.example.org' });
    worker = await startTestWorker();
    agencies = await loadAgencies(testApp.dataSource);
    nstc = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('NSTC')!.id });
    gacr = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('GACR')!.id });
    dfg = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('DFG')!.id });
    admin = await signedIn(testApp, [Role.Admin]);
    stranger = await signedIn(testApp, [Role.Researcher]);
  }, 120_000);
  afterAll(async () => {
    await worker?.close();
    await testApp?.close();
    await smtp.stop();
  });

  /** A reviewer account recruited into an agency's pool, signed in again so that the token carries the role. */
  async function reviewer(officer: Actor, profile: Parameters<typeof recruit>[3], language = Language.English): Promise<Actor> {
    const person = await signedIn(testApp, [Role.Reviewer], { language });
    await recruit(testApp, officer, person, profile);
    return person;
  }

  describe('profiles', () => {
    it('opens an account for a new reviewer, who chooses a password through the e-mailed link', async () => {
      const email = `anna.weber.${process.pid}@kit.edu`;
      const created = await api()
        .post('/api/v1/reviewers')
        .set(gacr.auth)
        .send({
          email: email.toUpperCase(),
          name: 'Anna Weber',
          institution: 'Karlsruhe Institute of Technology',
          country: 'de',
          expertiseKeywords: ['Seismology', ' quantum sensing ', 'seismology'],
          expertiseDescription: 'Seismic sensor networks.',
        })
        .expect(201);
      expect(created.body).toMatchObject({
        email,
        name: 'Anna Weber',
        recruitingAgencyId: agencies.get('GACR')!.id,
        emailDomain: 'kit.edu',
        country: 'DE',
        expertiseKeywords: ['seismology', 'quantum sensing'],
        version: 1,
      });
      const [mail] = await smtp.waitFor(email);
      expect(mail.subject).toBe('Czech Science Foundation (GAČR) invites you to review for Joint Calls');
      const link = /https:\/\/joint-calls\.example\.org\/reset-password\?lang=en#token=([\w-]+)/.exec(mail.text);
      expect(link).not.toBeNull();
      await api().post('/api/v1/auth/password-reset/confirm').send({ token: link![1], password: 'my own reviewer passphrase' }).expect(204);
      const session = await logIn(testApp, email, 'my own reviewer passphrase');
      const me = await api().get('/api/v1/me').set(session.auth).expect(200);
      expect(me.body.roles).toEqual([Role.Reviewer]);
      expectProblem(
        await api()
          .post('/api/v1/reviewers')
          .set(nstc.auth)
          .send({ ...created.body, id: undefined }),
        400,
        'VALIDATION_FAILED',
      );
      const again = await api()
        .post('/api/v1/reviewers')
        .set(nstc.auth)
        .send({ email, name: 'Anna Weber', institution: 'KIT', country: 'DE', expertiseKeywords: [] });
      expectProblem(again, 409, 'REVIEWER_ALREADY_EXISTS');
    });

    it('gives an existing researcher the reviewer role and a profile, and tells them', async () => {
      const researcher = await signedIn(testApp, [Role.Researcher], { language: Language.TraditionalChinese });
      const { body } = await api()
        .post('/api/v1/reviewers')
        .set(nstc.auth)
        .send({ email: researcher.email, name: 'ignored', institution: 'Academia Sinica', country: 'TW', expertiseKeywords: ['optics'] })
        .expect(201);
      expect(body).toMatchObject({ id: researcher.id, recruitingAgencyId: agencies.get('NSTC')!.id, name: expect.stringMatching(/^Test/) });
      const again = await logIn(testApp, researcher.email, PASSWORD);
      expect((await api().get('/api/v1/me').set(again.auth).expect(200)).body.roles).toEqual([Role.Researcher, Role.Reviewer]);
      const [mail] = await smtp.waitFor(researcher.email);
      expect(mail.subject).toBe('【雙邊合作研究計畫】National Science and Technology Council 邀請您擔任審查委員');
      expect(mail.text).toContain('https://joint-calls.example.org/sign-in?lang=zh-TW');
      expect(mail.text).not.toContain('#token=');
    });

    it('lets the reviewer and their recruiting agency edit the profile, the other agency only read it', async () => {
      const anna = await reviewer(gacr, { institution: 'Charles University', country: 'CZ', emailDomain: 'cuni.cz' });
      const other = await reviewer(gacr, { institution: 'Masaryk University', country: 'CZ', emailDomain: 'muni.cz' });
      const own = await api()
        .patch(`/api/v1/reviewers/${anna.id}`)
        .set(anna.auth)
        .send({ version: 1, expertiseKeywords: ['Soft Robotics'], expertiseDescription: 'Robots for elderly care.' })
        .expect(200);
      expect(own.body).toMatchObject({ expertiseKeywords: ['soft robotics'], version: 2 });
      await api().patch(`/api/v1/reviewers/${anna.id}`).set(gacr.auth).send({ version: 2, institution: 'Charles Univ.' }).expect(200);
      expectProblem(await api().patch(`/api/v1/reviewers/${anna.id}`).set(nstc.auth).send({ version: 3 }), 403, 'REVIEWER_EDIT_FORBIDDEN');
      expectProblem(await api().patch(`/api/v1/reviewers/${anna.id}`).set(anna.auth).send({ version: 2 }), 409, 'STALE_VERSION');
      expectProblem(await api().get(`/api/v1/reviewers/${anna.id}`).set(other.auth), 404, 'REVIEWER_NOT_FOUND');
      expectProblem(await api().get(`/api/v1/reviewers/${anna.id}`).set(stranger.auth), 404, 'REVIEWER_NOT_FOUND');
      await api().get(`/api/v1/reviewers/${anna.id}`).set(dfg.auth).expect(200);
      const pool = await api()
        .get(`/api/v1/reviewers?agencyId=${agencies.get('GACR')!.id}&limit=100`)
        .set(nstc.auth)
        .expect(200);
      expect(pool.body.items.map((item: { id: string }) => item.id)).toEqual(expect.arrayContaining([anna.id, other.id]));
      expect(pool.body.items.every((item: { recruitingAgencyId: string }) => item.recruitingAgencyId === agencies.get('GACR')!.id)).toBe(
        true,
      );
      expectProblem(await api().get('/api/v1/reviewers').set(anna.auth), 403, 'ROLE_REQUIRED');
    });
  });

  describe('conflicts of interest', () => {
    let callId: string;
    let proposalId: string;

    beforeAll(async () => {
      callId = await callInReview(testApp, nstc, gacr, agencies);
      proposalId = await seedProposal(testApp.dataSource, callId, {
        title: 'Quantum sensors for seismic early warning',
        home: CHEN,
        partner: NOVAKOVA,
        coInvestigators: [{ ...LIN, side: 'HOME' }],
      });
      // A competitor: another proposal in the same call.
      await seedProposal(testApp.dataSource, callId, { title: 'Typhoon acoustics', home: HUANG, partner: DVORAK });
      await api()
        .post('/api/v1/institution-aliases')
        .set(admin.auth)
        .send({ alias: 'NTU', institution: 'National Taiwan University' })
        .expect(201);
    });

    const assign = (reviewerId: string, officer = nstc) =>
      api()
        .post(`/api/v1/proposals/${proposalId}/review-assignments`)
        .set(officer.auth)
        .send({ reviewerId, dueAt: inDays(20) });
    const refusal = async (reviewerId: string) => {
      const problem = expectProblem(await assign(reviewerId), 409, 'REVIEW_CONFLICT_OF_INTEREST');
      return problem.errors!.map((error) => error.field);
    };

    it('refuses a reviewer on the team, by account or by e-mail', async () => {
      const chen = await signedIn(testApp, [Role.Reviewer], { email: `chen.${process.pid}@example.net` });
      // Their own institution and mail domain are the proposal's, but nobody is their own colleague.
      await recruit(testApp, nstc, chen, { institution: 'National Taiwan University', country: 'TW', emailDomain: 'ntu.edu.tw' });
      await testApp.dataSource.query(`UPDATE team_member SET user_id = $1 WHERE email = $2 AND proposal_id = $3`, [
        chen.id,
        CHEN.email,
        proposalId,
      ]);
      expect(await refusal(chen.id)).toEqual(['conflicts.ON_TEAM']);

      const lin = await signedIn(testApp, [Role.Reviewer], { email: LIN.email });
      await recruit(testApp, nstc, lin, { institution: 'University of Tokyo', country: 'JP', emailDomain: 'u-tokyo.ac.jp' });
      const problem = expectProblem(await assign(lin.id), 409, 'REVIEW_CONFLICT_OF_INTEREST');
      expect(problem.errors).toEqual([{ field: 'conflicts.ON_TEAM', message: "the reviewer is on the proposal's team (Lin Wei)" }]);
    });

    it('refuses a reviewer of a team member’s institution, through an admin alias too, or of their mail domain', async () => {
      const abbreviated = await reviewer(nstc, { institution: 'Natl. Taiwan Univ.', country: 'TW', emailDomain: 'gmail.com' });
      expect(await refusal(abbreviated.id)).toEqual(['conflicts.SAME_INSTITUTION']);
      const aliased = await reviewer(nstc, { institution: 'NTU', country: 'TW', emailDomain: 'gmail.com' });
      const problem = expectProblem(await assign(aliased.id), 409, 'REVIEW_CONFLICT_OF_INTEREST');
      expect(problem.errors).toEqual([
        {
          field: 'conflicts.SAME_INSTITUTION',
          message: "the reviewer's institution is that of Chen Mei-ling (National Taiwan University)",
        },
      ]);
      const sameDomain = await reviewer(gacr, { institution: 'Faculty of Arts, Prague', country: 'CZ', emailDomain: 'cuni.cz' });
      expect(await refusal(sameDomain.id)).toEqual(['conflicts.SAME_EMAIL_DOMAIN']);
    });

    it('refuses a competitor in the same call, and conflicts the reviewer declared', async () => {
      const competitor = await signedIn(testApp, [Role.Reviewer], { email: DVORAK.email });
      await recruit(testApp, gacr, competitor, { institution: 'Brno University of Technology', country: 'CZ', emailDomain: 'vut.cz' });
      expect(await refusal(competitor.id)).toEqual(['conflicts.COMPETITOR']);

      const declaring = await reviewer(gacr, { institution: 'Masaryk University', country: 'CZ', emailDomain: 'muni.cz' });
      await api()
        .post('/api/v1/me/conflicts')
        .set(declaring.auth)
        .send({ kind: 'PERSON', personEmail: 'NOVAKOVA@cuni.cz', reason: 'Co-author' })
        .expect(201);
      expect(await refusal(declaring.id)).toEqual(['conflicts.DECLARED']);
      const listed = await api().get('/api/v1/me/conflicts').set(declaring.auth).expect(200);
      expect(listed.body).toMatchObject({ total: 1, limit: 20, offset: 0, items: [{ kind: 'PERSON', reason: 'Co-author' }] });
      await api().delete(`/api/v1/me/conflicts/${listed.body.items[0].id}`).set(declaring.auth).expect(204);
      await api().post('/api/v1/me/conflicts').set(declaring.auth).send({ kind: 'INSTITUTION', institution: 'NTU' }).expect(201);
      await api().post('/api/v1/me/conflicts').set(declaring.auth).send({ kind: 'PROPOSAL', proposalId }).expect(201);
      expect(await refusal(declaring.id)).toEqual(['conflicts.DECLARED', 'conflicts.DECLARED']);
      // A page like every list, oldest first.
      const second = await api().get('/api/v1/me/conflicts?limit=1&offset=1').set(declaring.auth).expect(200);
      expect(second.body).toEqual({ total: 2, limit: 1, offset: 1, items: [expect.objectContaining({ kind: 'PROPOSAL', proposalId })] });
      expectProblem(await api().get('/api/v1/me/conflicts?limit=101').set(declaring.auth), 400, 'VALIDATION_FAILED');
      const invalid = await api().post('/api/v1/me/conflicts').set(declaring.auth).send({ kind: 'PROPOSAL', institution: 'NTU' });
      expect(expectProblem(invalid, 422, 'DECLARED_CONFLICT_INVALID').errors).toEqual([
        { field: 'proposalId', message: 'a PROPOSAL conflict names its proposalId' },
        { field: 'institution', message: 'a PROPOSAL conflict names no institution' },
      ]);
    });

    it('lists every reason at once, and refuses a reviewer already assigned', async () => {
      const many = await signedIn(testApp, [Role.Reviewer], { email: `huang.${process.pid}@example.net` });
      await recruit(testApp, nstc, many, { institution: 'NTU', country: 'TW', emailDomain: 'cuni.cz' });
      await api().post('/api/v1/me/conflicts').set(many.auth).send({ kind: 'PROPOSAL', proposalId }).expect(201);
      expect(await refusal(many.id)).toEqual(['conflicts.SAME_INSTITUTION', 'conflicts.SAME_EMAIL_DOMAIN', 'conflicts.DECLARED']);

      const free = await reviewer(gacr, { institution: 'Karlsruhe Institute of Technology', country: 'DE', emailDomain: 'kit.edu' });
      await assign(free.id).expect(201);
      expect(await refusal(free.id)).toEqual(['conflicts.ALREADY_ASSIGNED']);
    });

    const accept = (assignmentId: string, reviewer: Actor) =>
      api().post(`/api/v1/review-assignments/${assignmentId}/accept`).set(reviewer.auth).send({ declareNoConflict: true });

    it('refuses an acceptance once the reviewer declared a conflict with the proposal, who then declines with the reason', async () => {
      const invited = await reviewer(gacr, { institution: 'University of Vienna', country: 'AT', emailDomain: 'univie.ac.at' });
      const { body: assignment } = await assign(invited.id, gacr).expect(201);
      await api().post('/api/v1/me/conflicts').set(invited.auth).send({ kind: 'PROPOSAL', proposalId }).expect(201);

      const problem = expectProblem(await accept(assignment.id, invited), 409, 'REVIEW_CONFLICT_OF_INTEREST');
      expect(problem.detail).toBe(
        'You cannot accept this invitation, since you have a conflict of interest with the proposal (the reviewer declared a ' +
          'conflict with this proposal): decline it instead, giving the conflict as your reason, so that the agency can invite someone else',
      );
      expect(problem.errors).toEqual([{ field: 'conflicts.DECLARED', message: 'the reviewer declared a conflict with this proposal' }]);
      const unchanged = await api().get(`/api/v1/review-assignments/${assignment.id}`).set(gacr.auth).expect(200);
      expect(unchanged.body).toMatchObject({ state: 'INVITED', respondedAt: null, version: 1 });

      const declined = await api()
        .post(`/api/v1/review-assignments/${assignment.id}/decline`)
        .set(invited.auth)
        .send({ reason: 'I declared a conflict of interest with this proposal.' })
        .expect(200);
      expect(declined.body).toMatchObject({ state: 'DECLINED', declineReason: 'I declared a conflict of interest with this proposal.' });
    });

    it('refuses an acceptance on a declared institution of the team, and takes it once the declaration is withdrawn', async () => {
      const invited = await reviewer(gacr, { institution: 'University of Graz', country: 'AT', emailDomain: 'uni-graz.at' });
      const { body: assignment } = await assign(invited.id, gacr).expect(201);
      const { body: declared } = await api()
        .post('/api/v1/me/conflicts')
        .set(invited.auth)
        .send({ kind: 'INSTITUTION', institution: 'Charles University', reason: 'My spouse works there' })
        .expect(201);

      const problem = expectProblem(await accept(assignment.id, invited), 409, 'REVIEW_CONFLICT_OF_INTEREST');
      expect(problem.errors).toEqual([
        { field: 'conflicts.DECLARED', message: 'the reviewer declared a conflict with the institution Charles University' },
      ]);
      expect((await api().get(`/api/v1/review-assignments/${assignment.id}`).set(invited.auth).expect(200)).body.state).toBe('INVITED');

      // The invitation itself is no conflict: without the declaration, the same reviewer accepts it.
      await api().delete(`/api/v1/me/conflicts/${declared.id}`).set(invited.auth).expect(204);
      expect((await accept(assignment.id, invited).expect(200)).body.state).toBe('ACCEPTED');
    });

    it('refuses reviewers outside both pools, and assignments by a third agency', async () => {
      const dfgReviewer = await reviewer(dfg, { institution: 'University of Bonn', country: 'DE', emailDomain: 'uni-bonn.de' });
      expect(expectProblem(await assign(dfgReviewer.id), 422, 'REVIEWER_NOT_IN_POOL').errors).toEqual([
        { field: 'reviewerId', message: "the reviewer is in neither agency's pool" },
      ]);
      expectProblem(await assign(dfgReviewer.id, dfg), 404, 'PROPOSAL_NOT_FOUND');
      expectProblem(await assign('7d1e3a54-1d55-4d3f-9c3a-2f8f4b1f2a11'), 404, 'REVIEWER_NOT_FOUND');
    });
  });

  describe('assignment', () => {
    let callId: string;
    let proposalId: string;
    let anna: Actor;
    let lin: Actor;

    beforeAll(async () => {
      callId = await callInReview(testApp, nstc, gacr, agencies, { maxAssignmentsPerReviewer: 2 });
      proposalId = await seedProposal(testApp.dataSource, callId, {
        title: 'Soft robotics for elderly care',
        acronym: 'SOFT',
        home: CHEN,
        partner: NOVAKOVA,
      });
      anna = await reviewer(gacr, { institution: 'Karlsruhe Institute of Technology', country: 'DE', emailDomain: 'kit.edu' });
      lin = await reviewer(
        nstc,
        { institution: 'University of Tokyo', country: 'JP', emailDomain: 'u-tokyo.ac.jp' },
        Language.TraditionalChinese,
      );
    });

    it('puts the proposal under review with its first assignment, invites the reviewer and lets them read it', async () => {
      expectProblem(await api().get(`/api/v1/proposals/${proposalId}`).set(anna.auth), 404, 'PROPOSAL_NOT_FOUND');
      const dueAt = '2099-06-15T09:00:00.000Z';
      const { body } = await api()
        .post(`/api/v1/proposals/${proposalId}/review-assignments`)
        .set(gacr.auth)
        .send({ reviewerId: anna.id, dueAt: '2099-06-15T11:00:00+02:00' })
        .expect(201);
      expect(body).toMatchObject({
        state: 'INVITED',
        dueAt,
        reviewer: { id: anna.id, agencyId: agencies.get('GACR')!.id },
        proposal: { id: proposalId, title: 'Soft robotics for elderly care', acronym: 'SOFT', callId },
        version: 1,
      });
      const proposal = await api().get(`/api/v1/proposals/${proposalId}`).set(anna.auth).expect(200);
      expect(proposal.body.state).toBe('UNDER_REVIEW');
      await api().get(`/api/v1/proposals/${proposalId}/attachments`).set(anna.auth).expect(200);
      expectProblem(await api().get(`/api/v1/proposals/${proposalId}`).set(lin.auth), 404, 'PROPOSAL_NOT_FOUND');

      const [mail] = await smtp.waitUntil(anna.email, (candidate) => candidate.subject.startsWith('Invitation to review'));
      expect(mail.subject).toBe('Invitation to review “Soft robotics for elderly care” for Czech Science Foundation (GAČR)');
      expect(mail.text).toContain(`https://joint-calls.example.org/review-assignments/${body.id}?lang=en`);
      expect(mail.text).toContain('Monday, 15 June 2099, 17:00 (Asia/Taipei, GMT+8)');

      const mine = await api().get('/api/v1/me/review-assignments').set(anna.auth).expect(200);
      expect(mine.body).toMatchObject({ total: 1, items: [{ id: body.id, state: 'INVITED' }] });
      await api().get(`/api/v1/review-assignments/${body.id}`).set(anna.auth).expect(200);
      await api().get(`/api/v1/review-assignments/${body.id}`).set(nstc.auth).expect(200);
      expectProblem(await api().get(`/api/v1/review-assignments/${body.id}`).set(dfg.auth), 404, 'REVIEW_ASSIGNMENT_NOT_FOUND');
      expectProblem(await api().get(`/api/v1/review-assignments/${body.id}`).set(lin.auth), 404, 'REVIEW_ASSIGNMENT_NOT_FOUND');
      expectProblem(
        await api().post(`/api/v1/review-assignments/${body.id}/accept`).set(lin.auth).send({ declareNoConflict: true }),
        404,
        'REVIEW_ASSIGNMENT_NOT_FOUND',
      );
    });

    it('takes an acceptance that declares no conflict, and a decline with its reason, which the inviting officer reads', async () => {
      const [invited] = (await api().get('/api/v1/me/review-assignments').set(anna.auth).expect(200)).body.items;
      const silent = await api().post(`/api/v1/review-assignments/${invited.id}/accept`).set(anna.auth).send({});
      expect(expectProblem(silent, 400, 'VALIDATION_FAILED').errors).toEqual([
        { field: 'declareNoConflict', message: 'declareNoConflict is required' },
      ]);
      const undeclared = await api()
        .post(`/api/v1/review-assignments/${invited.id}/accept`)
        .set(anna.auth)
        .send({ declareNoConflict: false });
      expect(expectProblem(undeclared, 400, 'VALIDATION_FAILED').errors).toEqual([
        { field: 'declareNoConflict', message: 'declareNoConflict must be true: accepting declares that you have no conflict of interest' },
      ]);
      const accepted = await api()
        .post(`/api/v1/review-assignments/${invited.id}/accept`)
        .set(anna.auth)
        .send({ declareNoConflict: true, version: 1 })
        .expect(200);
      expect(accepted.body).toMatchObject({ state: 'ACCEPTED', respondedAt: expect.any(String), version: 2 });
      expectProblem(
        await api().post(`/api/v1/review-assignments/${invited.id}/decline`).set(anna.auth).send({ reason: 'Changed my mind' }),
        409,
        'REVIEW_INVITATION_ANSWERED',
      );

      const second = await api()
        .post(`/api/v1/proposals/${proposalId}/review-assignments`)
        .set(nstc.auth)
        .send({ reviewerId: lin.id })
        .expect(201);
      expect(second.body.dueAt).toBe(new Date((await api().get(`/api/v1/calls/${callId}`).set(nstc.auth)).body.reviewDueAt).toISOString());
      expectProblem(
        await api().post(`/api/v1/review-assignments/${second.body.id}/accept`).set(nstc.auth).send({ declareNoConflict: true }),
        403,
        'ROLE_REQUIRED',
      );
      const declined = await api()
        .post(`/api/v1/review-assignments/${second.body.id}/decline`)
        .set(lin.auth)
        .send({ reason: 'I co-authored two papers with the partner PI last year.' })
        .expect(200);
      expect(declined.body).toMatchObject({ state: 'DECLINED', declineReason: 'I co-authored two papers with the partner PI last year.' });
      expectProblem(await api().get(`/api/v1/proposals/${proposalId}`).set(lin.auth), 404, 'PROPOSAL_NOT_FOUND');

      const listed = await api().get(`/api/v1/proposals/${proposalId}/review-assignments`).set(gacr.auth).expect(200);
      expect(listed.body.items.map((item: { state: string; declineReason: string | null }) => [item.state, item.declineReason])).toEqual([
        ['DECLINED', 'I co-authored two papers with the partner PI last year.'],
        ['ACCEPTED', null],
      ]);
      expectProblem(await api().get(`/api/v1/proposals/${proposalId}/review-assignments`).set(dfg.auth), 404, 'PROPOSAL_NOT_FOUND');
      const [notice] = await smtp.waitUntil(nstc.email, (mail) => mail.subject.includes('declined'));
      expect(notice.subject).toMatch(/^Test REVIEWER \d+ declined to review “Soft robotics for elderly care”$/);
      expect(notice.text).toContain('I co-authored two papers with the partner PI last year.');
      expect(notice.text).toContain(`https://joint-calls.example.org/proposals/${proposalId}?lang=en`);
    });

    it('assigns someone else after a decline, removes a reviewer, and keeps each reviewer under the call’s cap', async () => {
      const other = await seedProposal(testApp.dataSource, callId, { title: 'Ocean acoustics', home: HUANG, partner: DVORAK });
      const third = await seedProposal(testApp.dataSource, callId, { title: 'Glacier sensing', home: HUANG, partner: DVORAK });
      const replacement = await reviewer(nstc, { institution: 'Kyoto University', country: 'JP', emailDomain: 'kyoto-u.ac.jp' });
      const assign = (proposal: string, reviewerId: string) =>
        api()
          .post(`/api/v1/proposals/${proposal}/review-assignments`)
          .set(nstc.auth)
          .send({ reviewerId, dueAt: inDays(30) });
      const reassigned = await assign(proposalId, replacement.id).expect(201);
      await assign(other, replacement.id).expect(201);
      const capped = await assign(third, replacement.id);
      expect(expectProblem(capped, 409, 'REVIEWER_LOAD_CAP_REACHED').detail).toBe(
        'The reviewer already holds 2 assignments in this call, its cap (maxAssignmentsPerReviewer = 2)',
      );

      const removed = await api().delete(`/api/v1/review-assignments/${reassigned.body.id}?reason=On%20leave`).set(gacr.auth).expect(200);
      expect(removed.body).toMatchObject({ state: 'REMOVED', removalReason: 'On leave', removedAt: expect.any(String) });
      expectProblem(
        await api().delete(`/api/v1/review-assignments/${reassigned.body.id}`).set(gacr.auth),
        409,
        'REVIEW_ASSIGNMENT_TRANSITION_FORBIDDEN',
      );
      expectProblem(await api().get(`/api/v1/proposals/${proposalId}`).set(replacement.auth), 404, 'PROPOSAL_NOT_FOUND');
      // A removed assignment frees its place under the cap, and the reviewer may be assigned again.
      await assign(third, replacement.id).expect(201);
      expectProblem(
        await api().delete(`/api/v1/review-assignments/${reassigned.body.id}`).set(dfg.auth),
        404,
        'REVIEW_ASSIGNMENT_NOT_FOUND',
      );

      const audit = await api().get(`/api/v1/audit?entityType=REVIEW_ASSIGNMENT&entityId=${reassigned.body.id}`).set(gacr.auth).expect(200);
      expect(audit.body.items.map((event: { action: string; toState: string | null }) => [event.action, event.toState])).toEqual([
        ['ASSIGNED', 'INVITED'],
        ['REMOVED', 'REMOVED'],
      ]);
      expectProblem(
        await api().get(`/api/v1/audit?entityType=REVIEW_ASSIGNMENT&entityId=${reassigned.body.id}`).set(dfg.auth),
        404,
        'REVIEW_ASSIGNMENT_NOT_FOUND',
      );
      const proposalAudit = await api().get(`/api/v1/audit?entityType=PROPOSAL&entityId=${proposalId}`).set(nstc.auth).expect(200);
      expect(proposalAudit.body.items.map((event: { action: string }) => event.action)).toEqual(['REVIEW_STARTED']);
    });

    it('assigns only to eligible proposals or those under review', async () => {
      const submitted = await seedProposal(testApp.dataSource, callId, {
        title: 'Pending check',
        home: HUANG,
        partner: DVORAK,
        state: 'SUBMITTED',
      });
      const refused = await api().post(`/api/v1/proposals/${submitted}/review-assignments`).set(nstc.auth).send({ reviewerId: anna.id });
      expectProblem(refused, 409, 'REVIEW_PROPOSAL_NOT_ASSIGNABLE');
      const past = await api()
        .post(`/api/v1/proposals/${proposalId}/review-assignments`)
        .set(nstc.auth)
        .send({ reviewerId: anna.id, dueAt: '2020-01-01T00:00:00Z' });
      expect(expectProblem(past, 422, 'REVIEW_DUE_DATE_INVALID').errors).toEqual([
        { field: 'dueAt', message: 'the due date must lie in the future' },
      ]);
    });
  });
  describe('the review, and who reads it', () => {
    let callId: string;
    let proposalId: string;
    let otherProposalId: string;
    let homePi: Actor;
    let partnerPi: Actor;
    let anna: Actor;
    let lin: Actor;
    let tom: Actor;
    let removed: Actor;
    const assignmentOf: Record<string, string> = {};

    beforeAll(async () => {
      callId = await callInReview(testApp, nstc, gacr, agencies);
      homePi = await signedIn(testApp, [Role.Researcher]);
      partnerPi = await signedIn(testApp, [Role.Researcher]);
      proposalId = await seedProposal(testApp.dataSource, callId, {
        title: 'Quantum sensors for seismic early warning',
        home: { ...CHEN, userId: homePi.id },
        partner: { ...NOVAKOVA, userId: partnerPi.id },
      });
      otherProposalId = await seedProposal(testApp.dataSource, callId, { title: 'Ocean acoustics', home: HUANG, partner: DVORAK });
      anna = await reviewer(gacr, { institution: 'Karlsruhe Institute of Technology', country: 'DE', emailDomain: 'kit.edu' });
      lin = await reviewer(nstc, { institution: 'University of Tokyo', country: 'JP', emailDomain: 'u-tokyo.ac.jp' });
      tom = await reviewer(nstc, { institution: 'Kyoto University', country: 'JP', emailDomain: 'kyoto-u.ac.jp' });
      removed = await reviewer(gacr, { institution: 'ETH Zurich', country: 'CH', emailDomain: 'ethz.ch' });
      for (const person of [anna, lin, tom, removed]) {
        const { body } = await api()
          .post(`/api/v1/proposals/${proposalId}/review-assignments`)
          .set(nstc.auth)
          .send({ reviewerId: person.id, dueAt: inDays(20) })
          .expect(201);
        assignmentOf[person.id] = body.id;
      }
      for (const person of [anna, lin, removed])
        await api()
          .post(`/api/v1/review-assignments/${assignmentOf[person.id]}/accept`)
          .set(person.auth)
          .send({ declareNoConflict: true })
          .expect(200);
      await api().delete(`/api/v1/review-assignments/${assignmentOf[removed.id]}`).set(gacr.auth).expect(200);
    });

    const review = (person: Actor) => `/api/v1/review-assignments/${assignmentOf[person.id]}/review`;
    const submit = (person: Actor) => `/api/v1/review-assignments/${assignmentOf[person.id]}/submit`;
    const reviewsAs = (person: Actor) => api().get(`/api/v1/proposals/${proposalId}/reviews`).set(person.auth);

    it('saves a draft with versions, refusing unknown, out-of-range and missing scores with every field named', async () => {
      expectProblem(await api().get(review(tom)).set(tom.auth), 409, 'REVIEW_NOT_ACCEPTED');
      expectProblem(await api().put(review(tom)).set(tom.auth).send({ version: 1 }), 409, 'REVIEW_NOT_ACCEPTED');
      const empty = await api().get(review(anna)).set(anna.auth).expect(200);
      expect(empty.body).toMatchObject({
        scores: {},
        recommendation: null,
        total: null,
        submittedAt: null,
        version: 1,
        criteria: [
          { key: 'excellence', weight: 0.6, scaleMax: 5 },
          { key: 'collaboration', weight: 0.4, scaleMax: 5 },
        ],
      });
      const draft = await api()
        .put(review(anna))
        .set(anna.auth)
        .send({ version: 1, scores: { excellence: 4 }, commentsToApplicants: 'Strong physics.' })
        .expect(200);
      expect(draft.body).toMatchObject({ scores: { excellence: 4 }, commentsToApplicants: 'Strong physics.', version: 2 });
      expectProblem(await api().put(review(anna)).set(anna.auth).send({ version: 1, scores: {} }), 409, 'STALE_VERSION');
      const invalid = await api()
        .put(review(anna))
        .set(anna.auth)
        .send({ version: 2, scores: { excellence: 6, collaboration: 2.5, impact: 3 } });
      expect(expectProblem(invalid, 422, 'REVIEW_INVALID').errors).toEqual([
        { field: 'scores.excellence', message: 'the score must be an integer from 1 to 5' },
        { field: 'scores.collaboration', message: 'the score must be an integer from 1 to 5' },
        { field: 'scores.impact', message: 'the call has no criterion "impact"' },
      ]);
      const incomplete = await api().post(submit(anna)).set(anna.auth).send({});
      expect(expectProblem(incomplete, 422, 'REVIEW_INCOMPLETE').errors).toEqual([
        { field: 'scores.collaboration', message: 'the score for “Added value of the collaboration” is missing' },
        { field: 'recommendation', message: 'the recommendation is missing' },
      ]);
      expectProblem(await api().put(review(anna)).set(lin.auth).send({ version: 2 }), 404, 'REVIEW_ASSIGNMENT_NOT_FOUND');
      expectProblem(await api().put(review(anna)).set(gacr.auth).send({ version: 2 }), 403, 'ROLE_REQUIRED');
      await api().get(review(anna)).set(gacr.auth).expect(200);
    });

    it('submits once, with its total computed from the weighted criteria, and freezes it', async () => {
      expectProblem(await reviewsAs(anna), 403, 'REVIEWS_NOT_YET_VISIBLE');
      await api()
        .put(review(anna))
        .set(anna.auth)
        .send({
          version: 2,
          scores: { excellence: 4, collaboration: 5 },
          recommendation: 'FUND',
          commentsToApplicants: 'Strong physics.',
          confidentialComments: 'Anna’s confidential note',
        })
        .expect(200);
      expectProblem(await api().post(submit(anna)).set(anna.auth).send({ version: 2 }), 409, 'STALE_VERSION');
      const [first, second] = await Promise.all([
        api().post(submit(anna)).set(anna.auth).send({}),
        api().post(submit(anna)).set(anna.auth).send({}),
      ]);
      expect([first.status, second.status].sort()).toEqual([200, 409]);
      const done = first.status === 200 ? first : second;
      // (0.6 × 4/5 × 100 + 0.4 × 5/5 × 100) / (0.6 + 0.4) = 88
      expect(done.body).toMatchObject({ total: 88, submittedAt: expect.any(String), version: 4 });
      expectProblem(await api().put(review(anna)).set(anna.auth).send({ version: 4 }), 409, 'REVIEW_ALREADY_SUBMITTED');
      const assignment = await api().get(`/api/v1/review-assignments/${assignmentOf[anna.id]}`).set(anna.auth).expect(200);
      expect(assignment.body).toMatchObject({ state: 'SUBMITTED', submittedAt: done.body.submittedAt });
      const audit = await api().get(`/api/v1/audit?entityType=REVIEW_ASSIGNMENT&entityId=${assignmentOf[anna.id]}`).set(nstc.auth);
      expect(audit.body.items.map((event: { action: string }) => event.action)).toEqual(['ASSIGNED', 'ACCEPTED', 'REVIEW_SUBMITTED']);
    });

    it('shows a reviewer the other reviews only after their own, without names or others’ confidential comments', async () => {
      const alone = await reviewsAs(anna).expect(200);
      expect(alone.body).toMatchObject({ audience: 'REVIEWER', items: [{ label: 'Reviewer 1', own: true, total: 88 }] });
      expect(alone.body.items[0].confidentialComments).toBe('Anna’s confidential note');
      expectProblem(await reviewsAs(lin), 403, 'REVIEWS_NOT_YET_VISIBLE');
      expectProblem(await reviewsAs(tom), 403, 'REVIEWS_NOT_YET_VISIBLE');

      await api()
        .put(review(lin))
        .set(lin.auth)
        .send({
          version: 1,
          scores: { excellence: 2, collaboration: 3 },
          recommendation: 'DO_NOT_FUND',
          confidentialComments: 'Lin’s secret',
        })
        .expect(200);
      await api().post(submit(lin)).set(lin.auth).expect(200);
      const both = await reviewsAs(lin).expect(200);
      expect(both.body.items).toEqual([
        {
          label: 'Reviewer 1',
          own: false,
          scores: { excellence: 4, collaboration: 5 },
          total: 88,
          recommendation: 'FUND',
          commentsToApplicants: 'Strong physics.',
          submittedAt: expect.any(String),
        },
        {
          label: 'Reviewer 2',
          own: true,
          // (0.6 × 40 + 0.4 × 60) / 1 = 48
          scores: { excellence: 2, collaboration: 3 },
          total: 48,
          recommendation: 'DO_NOT_FUND',
          commentsToApplicants: '',
          confidentialComments: 'Lin’s secret',
          submittedAt: expect.any(String),
        },
      ]);
      expect(JSON.stringify(both.body)).not.toMatch(new RegExp(`${anna.id}|${anna.email}|Anna’s confidential`));
    });

    it('shows the agencies everything, a third agency and removed reviewers nothing', async () => {
      for (const officer of [nstc, gacr, admin]) {
        const { body } = await reviewsAs(officer).expect(200);
        expect(body.audience).toBe('AGENCIES');
        expect(body.items.map((item: { reviewer: { id: string; agencyId: string }; confidentialComments: string }) => item)).toEqual([
          expect.objectContaining({
            reviewer: expect.objectContaining({ id: anna.id, agencyId: agencies.get('GACR')!.id }),
            confidentialComments: 'Anna’s confidential note',
          }),
          expect.objectContaining({
            reviewer: expect.objectContaining({ id: lin.id, agencyId: agencies.get('NSTC')!.id }),
            confidentialComments: 'Lin’s secret',
          }),
        ]);
      }
      expectProblem(await reviewsAs(dfg), 404, 'PROPOSAL_NOT_FOUND');
      expectProblem(await reviewsAs(removed), 404, 'PROPOSAL_NOT_FOUND');
      expectProblem(await api().get(`/api/v1/proposals/${proposalId}`).set(removed.auth), 404, 'PROPOSAL_NOT_FOUND');
      expectProblem(await reviewsAs(stranger), 404, 'PROPOSAL_NOT_FOUND');
      // A reviewer reads the proposal assigned to them, and nothing else.
      expectProblem(await api().get(`/api/v1/proposals/${otherProposalId}`).set(anna.auth), 404, 'PROPOSAL_NOT_FOUND');
      expectProblem(await api().get(`/api/v1/proposals/${otherProposalId}/reviews`).set(anna.auth), 404, 'PROPOSAL_NOT_FOUND');
      const listed = await api().get(`/api/v1/calls/${callId}/proposals`).set(anna.auth).expect(200);
      expect(listed.body.total).toBe(0);
    });

    it('shows the applicants the comments meant for them once the call is finalized, never who wrote them', async () => {
      expectProblem(await reviewsAs(homePi), 403, 'REVIEWS_NOT_YET_VISIBLE');
      await testApp.dataSource.query(`UPDATE call SET state = 'IN_DECISION' WHERE id = $1`, [callId]);
      expectProblem(await reviewsAs(partnerPi), 403, 'REVIEWS_NOT_YET_VISIBLE');
      await testApp.dataSource.query(`UPDATE call SET state = 'FINALIZED' WHERE id = $1`, [callId]);
      for (const pi of [homePi, partnerPi]) {
        const { body } = await reviewsAs(pi).expect(200);
        expect(body).toEqual({
          audience: 'APPLICANTS',
          criteria: expect.any(Array),
          items: [
            {
              label: 'Reviewer 1',
              scores: { excellence: 4, collaboration: 5 },
              total: 88,
              commentsToApplicants: 'Strong physics.',
              submittedAt: expect.any(String),
            },
            {
              label: 'Reviewer 2',
              scores: { excellence: 2, collaboration: 3 },
              total: 48,
              commentsToApplicants: '',
              submittedAt: expect.any(String),
            },
          ],
        });
        expect(JSON.stringify(body)).not.toMatch(new RegExp(`${anna.id}|${lin.id}|confidential|secret|Test REVIEWER`, 'i'));
      }
      expectProblem(await api().put(review(tom)).set(tom.auth).send({ version: 1 }), 409, 'REVIEW_CALL_CLOSED_FOR_REVIEWS');
    });
  });
});
