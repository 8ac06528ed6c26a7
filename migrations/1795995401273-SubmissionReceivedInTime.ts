import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Written by hand (a trigger function is not something TypeORM diffs). A submission now counts by when the API had
 * read the request (`submitted_at`, stamped by the API), no longer by when its transaction commits: at COMMIT the
 * deferred trigger checks that the stamp lies before the call's `closes_at`, that the call still takes submissions
 * (PUBLISHED, or CLOSED by its closing job meanwhile), and that the transaction commits before the deadline or within
 * a grace period of 60 s after the stamp. The grace bounds what a request stuck in the system, or an API replica
 * whose clock lags, can bring in after the deadline: never more than 60 s after `closes_at`.
 */
export class SubmissionReceivedInTime1795995401273 implements MigrationInterface {
    name = 'SubmissionReceivedInTime1795995401273'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE OR REPLACE FUNCTION proposal_submitted_before_deadline() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                deadline timestamptz;
                call_state "public"."call_state";
                committed_at timestamptz := clock_timestamp();
            BEGIN
                IF NEW.state = 'SUBMITTED' AND OLD.state = 'DRAFT' THEN
                    SELECT c.closes_at, c.state INTO deadline, call_state FROM "call" c WHERE c.id = NEW.call_id;
                    IF call_state NOT IN ('PUBLISHED', 'CLOSED') THEN
                        RAISE EXCEPTION 'the call is % and takes no submissions', call_state USING ERRCODE = 'JC001';
                    END IF;
                    IF NEW.submitted_at IS NULL OR NEW.submitted_at >= deadline THEN
                        RAISE EXCEPTION 'received at %, not before the deadline %', NEW.submitted_at, deadline USING ERRCODE = 'JC001';
                    END IF;
                    IF committed_at >= greatest(deadline, NEW.submitted_at + interval '60 seconds') THEN
                        RAISE EXCEPTION 'received at %, committing at % after the deadline % and past the grace period of 60 s',
                            NEW.submitted_at, committed_at, deadline USING ERRCODE = 'JC001';
                    END IF;
                END IF;
                RETURN NULL;
            END $$`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE OR REPLACE FUNCTION proposal_submitted_before_deadline() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.state = 'SUBMITTED' AND OLD.state = 'DRAFT'
                   AND clock_timestamp() >= (SELECT closes_at FROM "call" WHERE id = NEW.call_id) THEN
                    RAISE EXCEPTION 'the call closed before this submission committed' USING ERRCODE = 'JC001';
                END IF;
                RETURN NULL;
            END $$`);
    }
}
