import { Client } from 'pg';
import { EXPERTISE_VECTOR_SQL } from '../../src/reviews/reviewer-profile.entity';

/**
 * A call's proposals and two reviewer pools written in SQL, for bench:assign's run through the API and the worker:
 * research topics of skewed popularity (a Zipf law over one topic per 50 reviewers), each a few invented words, so that PostgreSQL's
 * full-text fit ranks a topic's experts first; each proposal has its two PIs (unique people, so few conflicts) and
 * each reviewer an expertise in one main topic (drawn like the proposals') and often a second one.
 */
const SYLLABLES = ['ba', 'ke', 'lo', 'mu', 'ni', 'po', 'ra', 'se', 'tu', 'vi', 'zo', 'qua'];
const word = (topic: number, k: number) =>
  [SYLLABLES[topic % 12], SYLLABLES[Math.floor(topic / 12) % 12], SYLLABLES[(k * 5 + 3) % 12], 'th'].join('') + String.fromCharCode(97 + k);

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function insertReviewPool(
  db: Client,
  {
    callId,
    proposals,
    reviewers,
    agencyIds,
    topics = Math.max(4, Math.round(reviewers / 50)),
    seed = 7,
  }: { callId: string; proposals: number; reviewers: number; agencyIds: string[]; topics?: number; seed?: number },
): Promise<void> {
  const rnd = random(seed);
  const weights = Array.from({ length: topics }, (_, t) => 1 / (t + 1));
  const total = weights.reduce((s, w) => s + w, 0);
  const pick = () => {
    let x = rnd() * total;
    for (let t = 0; t < topics; t++) if ((x -= weights[t]) <= 0) return t;
    return topics - 1;
  };
  const words = (t: number) => [0, 1, 2].map((k) => word(t, k));

  const proposalTopics = Array.from({ length: proposals }, pick);
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO proposal (call_id, state, title, acronym, abstract, keywords, scientific_field, duration_months, home_budget,
                           partner_budget, created_by_id, submitted_at, version)
     SELECT $1, 'ELIGIBLE', title, 'P' || ordinality, abstract, keywords::text[], 'physics', 36, 2800000, 2400000, gen_random_uuid(), now(), 3
       FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS t(title, abstract, keywords)
     RETURNING id`,
    [
      callId,
      proposalTopics.map((t) => `Advances in ${words(t).join(' ')}`),
      proposalTopics.map((t) => `We study ${words(t)[0]} and ${words(t)[1]} with new ${words(t)[2]} methods.`),
      proposalTopics.map((t) => `{${words(t)[0]},${words(t)[1]}}`),
    ],
  );
  const ids = rows.map((row) => row.id);
  await db.query(
    `INSERT INTO team_member (proposal_id, role, side, name, email, institution, country, confirmed_at)
     SELECT id, 'PI', side::side, 'PI ' || n, 'pi' || n || '@' || side || '.example.org', 'Institute ' || n || ' ' || side, country, now()
       FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n),
            (VALUES ('HOME', 'TW'), ('PARTNER', 'CZ')) AS s(side, country)`,
    [ids],
  );

  const main = Array.from({ length: reviewers }, pick);
  const second = main.map(() => (rnd() < 0.5 ? Math.floor(rnd() * topics) : -1));
  const { rows: users } = await db.query<{ id: string }>(
    `INSERT INTO "user" (email, name, password_hash, language, roles, institution, country, version)
     SELECT 'reviewer' || n || '@pool.example.net', 'Reviewer ' || n, 'x', 'en', '{REVIEWER}'::role[], 'University ' || n, 'DE', 1
       FROM generate_series(1, $1::int) AS n
     RETURNING id`,
    [reviewers],
  );
  await db.query(
    `INSERT INTO reviewer_profile (user_id, recruiting_agency_id, institution, email_domain, country, expertise_keywords,
                                   expertise_description, version)
     SELECT id, agencies[1 + (n - 1) % 2], 'University ' || n, 'pool.example.net', 'DE', keywords::text[], description, 1
       FROM unnest($1::uuid[], $2::text[], $3::text[]) WITH ORDINALITY AS t(id, keywords, description, n), (SELECT $4::uuid[] AS agencies) a`,
    [
      users.map((u) => u.id),
      main.map((t, r) => `{${[...words(t).slice(0, 2), ...(second[r] >= 0 ? [words(second[r])[0]] : [])].join(',')}}`),
      main.map((t, r) => `Expert in ${words(t).join(' ')}${second[r] >= 0 ? ` and ${words(second[r]).join(' ')}` : ''}.`),
      agencyIds,
    ],
  );
  await db.query(`UPDATE reviewer_profile SET expertise_vector = ${EXPERTISE_VECTOR_SQL}`);
  // As autovacuum would have left them: statistics, and the GIN indexes' pending lists merged.
  await db.query('VACUUM ANALYZE proposal, reviewer_profile, team_member, "user"');
}
