import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A submission is judged by when the API had read it (its submitted_at), not by when its transaction committed: the
 * trigger refuses a submission time at or after the deadline, and a commit more than the grace period (60 s,
 * SUBMISSION_GRACE_MS) after it.
 */
export class SubmissionJudgedWhenReceived1796001900000 implements MigrationInterface {
    name = 'SubmissionJudgedWhenReceived1796001900000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE OR REPLACE FUNCTION proposal_submitted_before_deadline() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE closes timestamptz;
            BEGIN
                IF NEW.state = 'SUBMITTED' AND OLD.state = 'DRAFT' THEN
                    SELECT closes_at INTO closes FROM "call" WHERE id = NEW.call_id;
                    IF NEW.submitted_at IS NULL OR NEW.submitted_at >= closes THEN
                        RAISE EXCEPTION 'the submission was received after the deadline' USING ERRCODE = 'JC001';
                    END IF;
                    IF clock_timestamp() >= closes + interval '60 seconds' THEN
                        RAISE EXCEPTION 'the submission committed after the grace period' USING ERRCODE = 'JC001';
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
