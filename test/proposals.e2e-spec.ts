import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { Agency } from '../src/reference-data/agency.entity';
import { Language, Role } from '../src/common/identity/role';
import { Actor, expectProblem, loadAgencies, signedIn } from './support/actors';
import { callInput, hoursFromNow, PDF, publishedCall } from './support/calls';
import { SmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';
import { startTestWorker } from './support/test-worker';

const tokenIn = (text: string) => /invitation(?:\?lang=[A-Za-z-]+)?#token=([A-Za-z0-9_-]+)/.exec(text)?.[1];

describe('Joint proposals: from draft to an eligible, frozen submission', () => {
  const smtp = new SmtpSink();
  let testApp: TestApp;
  let worker: INestApplicationContext | undefined;
  let agencies: Map<string, Agency>;
  let nstc: Actor;
  let gacr: Actor;
  let dfg: Actor;
  let homePi: Actor;
  let partnerPi: Actor;
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
    homePi = await signedIn(testApp, [Role.Researcher], { language: Language.TraditionalChinese });
    partnerPi = await signedIn(testApp, [Role.Researcher], { language: Language.English });
    stranger = await signedIn(testApp, [Role.Researcher]);
  });
  afterAll(async () => {
    await worker?.close();
    await testApp.close();
    await smtp.stop();
  });

  const draftIn = (callId: string, pi: Actor, overrides: object = {}) =>
    api()
      .post(`/api/v1/calls/${callId}/proposals`)
      .set(pi.auth)
      .send({
        title: 'Quantum sensors for seismic early warning',
        acronym: 'QSEW',
        abstract: 'Joint work on quantum sensing.',
        keywords: ['quantum', 'seismology'],
        scientificField: 'physics',
        durationMonths: 36,
        homeBudget: '2800000.00',
        partnerBudget: '2400000.00',
        side: 'HOME',
        institution: 'National Taiwan University',
        country: 'TW',
        ...overrides,
      })
      .expect(201);
  const upload = (proposalId: string, pi: Actor, content: Buffer, filename = 'description.pdf', kind = 'project-description') =>
    api().post(`/api/v1/proposals/${proposalId}/attachments?kind=${kind}`).set(pi.auth).attach('file', content, filename);
  const invitePartner = async (proposalId: string, email = partnerPi.email) => {
    await api()
      .post(`/api/v1/proposals/${proposalId}/invitations`)
      .set(homePi.auth)
      .send({ name: 'Petr Svoboda', email, institution: 'Charles University', country: 'CZ' })
      .expect(201);
    const [invitation] = await smtp.waitUntil(email, (mail) => mail.text.includes(`${proposalId}/invitation?lang=en#token=`));
    return invitation;
  };
  /** A complete draft with both PIs confirmed and its attachment. */
  const readyDraft = async (callId: string) => {
    const { body } = await draftIn(callId, homePi);
    const invitation = await invitePartner(body.id as string);
    await api()
      .post(`/api/v1/proposals/${body.id}/confirm`)
      .set(partnerPi.auth)
      .send({ token: tokenIn(invitation.text) })
      .expect(200);
    await upload(body.id as string, homePi, PDF).expect(201);
    return body.id as string;
  };

  describe('in an open call', () => {
    let callId: string;
    let proposalId: string;

    beforeAll(async () => {
      callId = (await publishedCall(testApp, nstc, gacr, callInput(agencies))).id;
    });

    it('lets a PI open a draft and invite the partner PI, whose e-mail shows the deadline in Taipei and Prague time', async () => {
      const { body } = await draftIn(callId, homePi);
      proposalId = body.id;
      expect(body).toMatchObject({
        state: 'DRAFT',
        version: 1,
        homeBudget: { amount: '2800000.00', currency: 'TWD' },
        partnerBudget: { currency: 'CZK' },
      });
      const invitation = await invitePartner(proposalId);
      expect(invitation.text).toContain('Asia/Taipei');
      expect(invitation.text).toContain('Europe/Prague');
      expect(invitation.text).toContain(`https://joint-calls.example.org/proposals/${proposalId}/invitation?lang=en#token=`);
    });

    it('keeps the draft from the invited PI until they confirm with the token, then tells the other PI', async () => {
      expectProblem(await api().get(`/api/v1/proposals/${proposalId}`).set(partnerPi.auth), 404, 'PROPOSAL_NOT_FOUND');
      // A wrong token and a proposal that does not exist get the same answer: the link, not the proposal, is unknown.
      for (const id of [proposalId, '7d1e3a54-1d55-4d3f-9c3a-2f8f4b1f2a11']) {
        const refused = await api()
          .post(`/api/v1/proposals/${id}/confirm`)
          .set(partnerPi.auth)
          .send({ token: 'x'.repeat(43) });
        expect(expectProblem(refused, 404, 'INVITATION_INVALID').detail).toBe('This invitation link is unknown or was already used');
      }
      const early = await api().post(`/api/v1/proposals/${proposalId}/submit`).set(homePi.auth);
      expect(expectProblem(early, 422, 'SUBMISSION_INCOMPLETE').errors).toContainEqual({
        field: 'team.partnerPi',
        message: 'the partner principal investigator has not confirmed participation',
      });
      const invitation = smtp.to(partnerPi.email).at(-1)!;
      const confirmed = await api()
        .post(`/api/v1/proposals/${proposalId}/confirm`)
        .set(partnerPi.auth)
        .send({ token: tokenIn(invitation.text) })
        .expect(200);
      expect(confirmed.body.team).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ role: 'PI', side: 'PARTNER', email: partnerPi.email, confirmedAt: expect.any(String) }),
        ]),
      );
      const reused = await api()
        .post(`/api/v1/proposals/${proposalId}/confirm`)
        .set(partnerPi.auth)
        .send({ token: tokenIn(invitation.text) });
      expectProblem(reused, 404, 'INVITATION_INVALID');
      const [notice] = await smtp.waitFor(homePi.email);
      expect(notice.language).toBe('zh-TW');
    });

    it('refuses a stale edit and a file that is not a PDF, whatever its name', async () => {
      const edited = await api()
        .patch(`/api/v1/proposals/${proposalId}`)
        .set(homePi.auth)
        .send({ title: 'Quantum sensors, revised', version: 1 })
        .expect(200);
      expect(edited.body.version).toBe(2);
      expectProblem(
        await api().patch(`/api/v1/proposals/${proposalId}`).set(partnerPi.auth).send({ title: 'Overwrite', version: 1 }),
        409,
        'STALE_VERSION',
      );

      const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);
      expectProblem(await upload(proposalId, homePi, png, 'renamed.pdf'), 422, 'ATTACHMENT_NOT_PDF');
      expectProblem(await upload(proposalId, homePi, Buffer.from('just text, named .pdf'), 'notes.pdf'), 422, 'ATTACHMENT_NOT_PDF');
      expectProblem(await upload(proposalId, homePi, PDF, 'cv.pdf', 'cv'), 422, 'ATTACHMENT_KIND_UNKNOWN');
      const { body } = await api().get(`/api/v1/proposals/${proposalId}`).set(homePi.auth).expect(200);
      expect(body.attachments).toEqual([]);
    });

    it('refuses a PDF one byte over 20 MiB and keeps nothing of it', async () => {
      const oversize = Buffer.concat([PDF, Buffer.alloc(20 * 1024 * 1024 + 1 - PDF.length, 0x20)]);
      const refused = await upload(proposalId, homePi, oversize, 'huge.pdf');
      expectProblem(refused, 413, 'ATTACHMENT_TOO_LARGE');
      const [{ n }] = await testApp.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM attachment WHERE proposal_id = $1', [
        proposalId,
      ]);
      expect(Number(n)).toBe(0);
    });

    it('lists every unmet rule at once when submitting too early', async () => {
      await api()
        .patch(`/api/v1/proposals/${proposalId}`)
        .set(homePi.auth)
        .send({ homeBudget: '3000000.01', durationMonths: 48, version: 2 })
        .expect(200);
      const refused = await api().post(`/api/v1/proposals/${proposalId}/submit`).set(homePi.auth);
      expect(expectProblem(refused, 422, 'SUBMISSION_INCOMPLETE').errors).toEqual([
        { field: 'attachments.project-description', message: 'the required attachment "project-description" is missing' },
        { field: 'homeBudget', message: '3000000.01 TWD exceeds the cap of 3000000.00 TWD per proposal' },
        { field: 'durationMonths', message: "48 months exceeds the call's limit of 36" },
      ]);
    });

    it('stores a PDF by streaming it, with its checksum, and serves it back to the team and the officers', async () => {
      const stored = await upload(proposalId, homePi, PDF).expect(201);
      expect(stored.body).toMatchObject({ kind: 'project-description', size: PDF.length, contentType: 'application/pdf' });
      const { body } = await api().get(`/api/v1/proposals/${proposalId}`).set(gacr.auth).expect(200);
      expect(body.attachments).toEqual([stored.body]);
      const download = await api()
        .get(`/api/v1/proposals/${proposalId}/attachments/${body.attachments[0].id}`)
        .set(gacr.auth)
        .buffer(true)
        .parse((response, done) => {
          const parts: Buffer[] = [];
          response.on('data', (part: Buffer) => parts.push(part));
          response.on('end', () => done(null, Buffer.concat(parts)));
        })
        .expect(200);
      expect(Buffer.compare(download.body as Buffer, PDF)).toBe(0);
      expect(download.headers['content-type']).toBe('application/pdf');
    });

    it('submits once, freezes the proposal and sends each PI one receipt in their language and time zones', async () => {
      await api()
        .patch(`/api/v1/proposals/${proposalId}`)
        .set(homePi.auth)
        .send({ homeBudget: '3000000.00', durationMonths: 36, version: 3 })
        .expect(200);
      const submitted = await api().post(`/api/v1/proposals/${proposalId}/submit`).set(partnerPi.auth).expect(200);
      expect(submitted.body).toMatchObject({ state: 'SUBMITTED', submittedAt: expect.any(String) });
      expectProblem(await api().post(`/api/v1/proposals/${proposalId}/submit`).set(homePi.auth), 409, 'PROPOSAL_ALREADY_SUBMITTED');
      expectProblem(
        await api().patch(`/api/v1/proposals/${proposalId}`).set(homePi.auth).send({ title: 'Late change', version: 5 }),
        409,
        'PROPOSAL_FROZEN',
      );
      expectProblem(await upload(proposalId, homePi, PDF), 409, 'PROPOSAL_FROZEN');

      const isReceipt = (mail: { text: string }) => mail.text.includes(proposalId.slice(0, 8).toUpperCase());
      const homeReceipts = (await smtp.waitFor(homePi.email, 2)).filter(isReceipt);
      const partnerReceipts = (await smtp.waitFor(partnerPi.email, 2)).filter(isReceipt);
      expect([homeReceipts.length, partnerReceipts.length]).toEqual([1, 1]);
      expect(homeReceipts[0].subject).toMatch(/[\u4e00-\u9fff]/);
      expect(homeReceipts[0].text).not.toContain('Europe/Prague');
      expect(partnerReceipts[0].text).toContain('Europe/Prague');
    });

    it('keeps proposals from other researchers and from officers of a third agency', async () => {
      expectProblem(await api().get(`/api/v1/proposals/${proposalId}`).set(stranger.auth), 404, 'PROPOSAL_NOT_FOUND');
      expectProblem(await api().get(`/api/v1/proposals/${proposalId}`).set(dfg.auth), 404, 'PROPOSAL_NOT_FOUND');
      expectProblem(
        await api()
          .post(`/api/v1/proposals/${proposalId}/eligibility`)
          .set(dfg.auth)
          .send({ eligible: false, reason: 'not ours to judge' }),
        404,
        'PROPOSAL_NOT_FOUND',
      );
      expectProblem(await api().get(`/api/v1/audit?entityType=PROPOSAL&entityId=${proposalId}`).set(dfg.auth), 404, 'PROPOSAL_NOT_FOUND');
      expectProblem(await api().get(`/api/v1/audit?entityType=CALL&entityId=${callId}`).set(dfg.auth), 404, 'CALL_NOT_FOUND');
      const theirs = await api().get(`/api/v1/calls/${callId}/proposals`).set(stranger.auth).expect(200);
      expect(theirs.body.total).toBe(0);
      const officers = await api().get(`/api/v1/calls/${callId}/proposals`).set(gacr.auth).expect(200);
      expect(officers.body.items.map((item: { id: string }) => item.id)).toContain(proposalId);
    });

    it('takes each agency’s own verdict, tells the PIs after each what is decided and what is awaited, and follows corrections', async () => {
      const verdictsTo = async (email: string, count: number) => (await smtp.waitUntil(email, () => true)).length >= count;
      const eligibilityMails = (email: string) => smtp.to(email).filter((mail) => mail.subject.includes('Eligibility check'));
      const half = await api()
        .post(`/api/v1/proposals/${proposalId}/eligibility`)
        .set(nstc.auth)
        .send({ eligible: true, reason: 'Tenured at NTU.' })
        .expect(200);
      expect(half.body.state).toBe('SUBMITTED');
      const [first] = await smtp.waitUntil(partnerPi.email, (mail) => mail.subject.includes('Eligibility check'));
      expect(first.subject).toContain('a verdict is recorded, another is awaited');
      expect(first.text).toMatch(/Czech Science Foundation[^\n]*: not checked yet/);
      expect(first.text).not.toMatch(/Both agencies|ELIGIBLE/);

      const both = await api()
        .post(`/api/v1/proposals/${proposalId}/eligibility`)
        .set(gacr.auth)
        .send({ eligible: true, reason: 'Employed at Charles University.' })
        .expect(200);
      expect(both.body).toMatchObject({
        state: 'ELIGIBLE',
        eligibility: [expect.objectContaining({ eligible: true }), expect.objectContaining({ eligible: true })],
      });
      await smtp.waitUntil(partnerPi.email, (mail) => mail.subject.endsWith(': eligible'));

      // A correction must say which version it corrects: never an unseen overwrite.
      const change = { eligible: false, reason: 'The contract ends before the project would start.' };
      expectProblem(await api().post(`/api/v1/proposals/${proposalId}/eligibility`).set(gacr.auth).send(change), 428, 'VERSION_REQUIRED');
      expectProblem(
        await api()
          .post(`/api/v1/proposals/${proposalId}/eligibility`)
          .set(gacr.auth)
          .send({ ...change, version: both.body.version - 1 }),
        409,
        'STALE_VERSION',
      );
      const corrected = await api()
        .post(`/api/v1/proposals/${proposalId}/eligibility`)
        .set(gacr.auth)
        .set('If-Match', `"${both.body.version}"`)
        .send(change)
        .expect(200);
      const gacrVerdict = (body: { eligibility: { agencyId: string; eligible: boolean; recordedAt: string }[] }) =>
        body.eligibility.find((verdict) => verdict.agencyId === agencies.get('GACR')!.id)!;
      expect(corrected.body.state).toBe('INELIGIBLE');
      expect(gacrVerdict(corrected.body).eligible).toBe(false);
      expect(new Date(gacrVerdict(corrected.body).recordedAt).getTime()).toBeGreaterThan(
        new Date(gacrVerdict(both.body).recordedAt).getTime(),
      );
      const [ineligible] = await smtp.waitUntil(homePi.email, (mail) =>
        mail.text.replace(/\s+/g, ' ').includes('The contract ends before'),
      );
      expect(ineligible.subject).toMatch(/不符資格$/);

      // And back: the state always follows the two verdicts.
      const again = await api()
        .post(`/api/v1/proposals/${proposalId}/eligibility`)
        .set(gacr.auth)
        .send({ eligible: true, reason: 'The contract was extended to 2031.', version: corrected.body.version })
        .expect(200);
      expect(again.body.state).toBe('ELIGIBLE');
      expect(await verdictsTo(partnerPi.email, 4)).toBe(true);
      await smtp.waitUntil(partnerPi.email, (mail) => mail.text.replace(/\s+/g, ' ').includes('extended to 2031'));
      expect(eligibilityMails(partnerPi.email)).toHaveLength(4);

      const audit = await api().get(`/api/v1/audit?entityType=PROPOSAL&entityId=${proposalId}`).set(gacr.auth).expect(200);
      expect(audit.body.items.map((event: { action: string; toState: string | null }) => [event.action, event.toState])).toEqual([
        ['CREATED', 'DRAFT'],
        ['PI_INVITED', null],
        ['PI_CONFIRMED', null],
        ['EDITED', null],
        ['EDITED', null],
        ['ATTACHMENT_UPLOADED', null],
        ['EDITED', null],
        ['SUBMITTED', 'SUBMITTED'],
        ['ELIGIBILITY_RECORDED', 'SUBMITTED'],
        ['ELIGIBILITY_RECORDED', 'ELIGIBLE'],
        ['ELIGIBILITY_CORRECTED', 'INELIGIBLE'],
        ['ELIGIBILITY_CORRECTED', 'ELIGIBLE'],
      ]);
    });

    it('marks a proposal INELIGIBLE as soon as one agency finds its applicant ineligible, with the reason', async () => {
      const id = await readyDraft(callId);
      await api().post(`/api/v1/proposals/${id}/submit`).set(homePi.auth).expect(200);
      const judged = await api()
        .post(`/api/v1/proposals/${id}/eligibility`)
        .set(gacr.auth)
        .send({ eligible: false, reason: 'No contract with a Czech institution.' })
        .expect(200);
      expect(judged.body.state).toBe('INELIGIBLE');
      await smtp.waitUntil(homePi.email, (mail) => mail.text.replace(/\s+/g, ' ').includes('No contract with a Czech institution.'));
    });

    it('submits one of 50 parallel submits of one proposal, with one receipt per PI', async () => {
      const id = await readyDraft(callId);
      const answers = await Promise.all(Array.from({ length: 50 }, () => api().post(`/api/v1/proposals/${id}/submit`).set(homePi.auth)));
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect(statuses.filter((status) => status === 409)).toHaveLength(49);
      const receipts = await testApp.dataSource.query<{ n: string }[]>(
        `SELECT count(*) AS n FROM outbound_email WHERE subject_id = $1 AND type = 'submission-receipt'`,
        [id],
      );
      expect(Number(receipts[0].n)).toBe(2);
    });

    it('lets a PI withdraw, and drops the draft’s reminders', async () => {
      const { body } = await draftIn(callId, homePi);
      const pending = `SELECT count(*) AS n FROM reminder WHERE subject_id = $1 AND status = 'PENDING'`;
      expect(Number((await testApp.dataSource.query<{ n: string }[]>(pending, [body.id]))[0].n)).toBe(3);
      const withdrawn = await api()
        .post(`/api/v1/proposals/${body.id}/withdraw`)
        .set(homePi.auth)
        .send({ reason: 'Merged into another proposal' })
        .expect(200);
      expect(withdrawn.body.state).toBe('WITHDRAWN');
      expect(Number((await testApp.dataSource.query<{ n: string }[]>(pending, [body.id]))[0].n)).toBe(0);
    });

    it('tells the other PI and the officers of both agencies when a submitted proposal is withdrawn', async () => {
      const id = await readyDraft(callId);
      const submitted = await api().post(`/api/v1/proposals/${id}/submit`).set(homePi.auth).expect(200);
      expectProblem(
        await api()
          .post(`/api/v1/proposals/${id}/withdraw`)
          .set(partnerPi.auth)
          .set('If-Match', `"${submitted.body.version - 1}"`)
          .send({}),
        409,
        'STALE_VERSION',
      );
      await api()
        .post(`/api/v1/proposals/${id}/withdraw`)
        .set(partnerPi.auth)
        .send({ reason: 'The partner laboratory closes.', version: submitted.body.version })
        .expect(200);
      const about = (mail: { subject: string; text: string }) =>
        mail.subject.includes('撤回') || mail.subject.startsWith('Proposal withdrawn');
      const [toHomePi] = await smtp.waitUntil(homePi.email, about);
      expect(toHomePi.text).toContain('撤回原因：The partner laboratory closes.');
      for (const officer of [nstc, gacr]) {
        const [notice] = await smtp.waitUntil(officer.email, about);
        expect(notice.text.replace(/\s+/g, ' ')).toContain('It will not be checked, reviewed or funded.');
      }
      expect(smtp.to(partnerPi.email).filter(about)).toEqual([]);
      expect(smtp.to(dfg.email).filter(about)).toEqual([]);
    });

    it('honours If-Match on submit: a stale version is refused and nothing is submitted', async () => {
      const id = await readyDraft(callId);
      const current = await api().get(`/api/v1/proposals/${id}`).set(homePi.auth).expect(200);
      expectProblem(
        await api()
          .post(`/api/v1/proposals/${id}/submit`)
          .set(homePi.auth)
          .set('If-Match', `"${current.body.version + 1}"`),
        409,
        'STALE_VERSION',
      );
      expect((await api().get(`/api/v1/proposals/${id}`).set(homePi.auth).expect(200)).body.state).toBe('DRAFT');
      await api().post(`/api/v1/proposals/${id}/submit`).set(homePi.auth).set('If-Match', `"${current.body.version}"`).expect(200);
    });

    it('shows co-investigators with an account the proposals they are on, read-only, including those named before they registered', async () => {
      const colleague = await signedIn(testApp, [Role.Researcher]);
      const { body } = await draftIn(callId, homePi, {
        coInvestigators: [
          { name: 'A Colleague', email: colleague.email.toUpperCase(), institution: 'NTU', country: 'TW', side: 'HOME' },
          { name: 'Lin Ya-ting', email: 'lin.yating@ntu.edu.tw', institution: 'NTU', country: 'TW', side: 'HOME' },
        ],
      });
      const seen = await api().get(`/api/v1/proposals/${body.id}`).set(colleague.auth).expect(200);
      expect(seen.body.title).toBe('Quantum sensors for seismic early warning');
      const mine = await api().get('/api/v1/me/proposals').set(colleague.auth).expect(200);
      expect(mine.body.items.map((item: { id: string }) => item.id)).toEqual([body.id]);
      const inCall = await api().get(`/api/v1/calls/${callId}/proposals`).set(colleague.auth).expect(200);
      expect(inCall.body.items.map((item: { id: string }) => item.id)).toEqual([body.id]);
      expectProblem(
        await api().patch(`/api/v1/proposals/${body.id}`).set(colleague.auth).send({ title: 'Mine now', version: body.version }),
        403,
        'PROPOSAL_PI_REQUIRED',
      );
      expectProblem(await api().post(`/api/v1/proposals/${body.id}/submit`).set(colleague.auth), 403, 'PROPOSAL_PI_REQUIRED');

      // Named before she had an account: she sees the proposal once she registers with that address and confirms it.
      await api()
        .post('/api/v1/auth/register')
        .send({ email: 'Lin.Yating@ntu.edu.tw', password: 'a long enough passphrase', name: '林雅婷' })
        .expect(202);
      const [link] = await smtp.waitUntil('lin.yating@ntu.edu.tw', (mail) => mail.text.includes('/verify-email'));
      const token = /verify-email\?lang=en#token=([A-Za-z0-9_-]+)/.exec(link.text)?.[1];
      const verified = await api().post('/api/v1/auth/verify-email').send({ token }).expect(200);
      await api().get(`/api/v1/proposals/${body.id}`).set('Authorization', `Bearer ${verified.body.accessToken}`).expect(200);
      expectProblem(await api().get(`/api/v1/proposals/${body.id}`).set(stranger.auth), 404, 'PROPOSAL_NOT_FOUND');
    });
  });

  describe('around the deadline', () => {
    it('reminds the PIs of a draft an hour before the deadline, and moves the reminder when the call is extended', async () => {
      const call = await publishedCall(
        testApp,
        nstc,
        gacr,
        callInput(agencies, { closesAt: new Date(Date.now() + 3600_000 + 2500).toISOString() }),
      );
      const { body } = await draftIn(call.id, homePi, { title: 'Reminded draft' });
      await smtp.waitUntil(homePi.email, (mail) => mail.text.includes('Reminded') && mail.subject.includes('Reminded'));

      const extendedTo = hoursFromNow(24 * 10);
      await api().post(`/api/v1/calls/${call.id}/extend`).set(nstc.auth).send({ closesAt: extendedTo, version: call.version }).expect(200);
      const [notice] = await smtp.waitUntil(
        homePi.email,
        (mail) => mail.text.includes('Reminded') && mail.text.includes('2026') && mail.subject.includes('延'),
      );
      expect(notice.text).toContain('Asia/Taipei');
      const moved = await testApp.dataSource.query<{ kind: string; due_at: Date }[]>(
        `SELECT kind, due_at FROM reminder WHERE subject_id = $1 AND status = 'PENDING' ORDER BY due_at`,
        [body.id],
      );
      expect(moved.map((reminder) => [reminder.kind, new Date(extendedTo).getTime() - reminder.due_at.getTime()])).toEqual([
        ['PROPOSAL_DEADLINE_7D', 7 * 24 * 3600_000],
        ['PROPOSAL_DEADLINE_1D', 24 * 3600_000],
        ['PROPOSAL_DEADLINE_1H', 3600_000],
      ]);
    });
  });
});
