import { MigrationInterface, QueryRunner } from "typeorm";

export class CallsAndProposals1795566223821 implements MigrationInterface {
    name = 'CallsAndProposals1795566223821'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "call_approval" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "call_id" uuid NOT NULL, "agency_id" uuid NOT NULL, "officer_id" uuid NOT NULL, "call_version" integer NOT NULL, "approved_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fa120a4d8a59e8cbf57691ab493" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_219f5a9f0e82b8c15596334715" ON "call_approval"  ("call_id", "agency_id") `);
        await queryRunner.query(`CREATE TYPE "public"."instrument" AS ENUM('JOINT_RESEARCH', 'JOINT_WORKSHOP', 'MOBILITY', 'TRAINING')`);
        await queryRunner.query(`CREATE TYPE "public"."call_state" AS ENUM('DRAFT', 'PUBLISHED', 'CLOSED', 'IN_REVIEW', 'IN_DECISION', 'FINALIZED', 'CANCELLED')`);
        await queryRunner.query(`CREATE TABLE "call" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" character varying(300) NOT NULL, "description" text NOT NULL, "instrument" "public"."instrument" NOT NULL, "home_agency_id" uuid NOT NULL, "partner_agency_id" uuid NOT NULL, "agreement_id" uuid, "scientific_fields" text array NOT NULL DEFAULT '{}', "opens_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closes_at" TIMESTAMP WITH TIME ZONE NOT NULL, "timezone" character varying(64) NOT NULL, "review_due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "decision_expected_at" TIMESTAMP WITH TIME ZONE NOT NULL, "duration_limit_months" smallint NOT NULL, "home_max_per_proposal" numeric(15,2) NOT NULL, "home_total_budget" numeric(15,2) NOT NULL, "partner_max_per_proposal" numeric(15,2) NOT NULL, "partner_total_budget" numeric(15,2) NOT NULL, "review_criteria" jsonb NOT NULL DEFAULT '[]', "required_attachment_kinds" text array NOT NULL DEFAULT '{}', "min_reviews_per_proposal" smallint NOT NULL DEFAULT '2', "state" "public"."call_state" NOT NULL DEFAULT 'DRAFT', "created_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_2098af0169792a34f9cfdd39c47" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_ff64ec07a3d7f2ec5a5ac860b1" ON "call"  ("partner_agency_id") `);
        await queryRunner.query(`CREATE INDEX "IDX_call_closing" ON "call"  ("closes_at") WHERE state = 'PUBLISHED'`);
        await queryRunner.query(`CREATE TABLE "eligibility_verdict" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "proposal_id" uuid NOT NULL, "agency_id" uuid NOT NULL, "eligible" boolean NOT NULL, "reason" text NOT NULL, "officer_id" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c566be00b9ccd48f256e7847b85" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_8db9bc5e9bd246c6821ad5d3ac" ON "eligibility_verdict"  ("proposal_id", "agency_id") `);
        await queryRunner.query(`CREATE TABLE "attachment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "proposal_id" uuid NOT NULL, "kind" character varying(40) NOT NULL, "filename" character varying(255) NOT NULL, "content_type" character varying(100) NOT NULL, "size" integer NOT NULL, "sha256" character(64) NOT NULL, "uploaded_by_id" uuid NOT NULL, "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d2a80c3a8d467f08a750ac4b420" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_f673e61119cafb83bfdbe31b8d" ON "attachment"  ("proposal_id", "kind") `);
        await queryRunner.query(`CREATE TYPE "public"."team_role" AS ENUM('PI', 'CO_INVESTIGATOR')`);
        await queryRunner.query(`CREATE TYPE "public"."side" AS ENUM('HOME', 'PARTNER')`);
        await queryRunner.query(`CREATE TABLE "team_member" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "proposal_id" uuid NOT NULL, "role" "public"."team_role" NOT NULL, "side" "public"."side" NOT NULL, "user_id" uuid, "name" character varying(200) NOT NULL, "email" character varying(254) NOT NULL, "institution" character varying(300) NOT NULL, "country" character(2) NOT NULL, "invitation_digest" bytea, "confirmed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_649680684d72a20d279641469c5" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_bb6028a3842adec425fc4af5dc" ON "team_member"  ("proposal_id") `);
        await queryRunner.query(`CREATE INDEX "IDX_0724b86622f89c433dee4cd8b1" ON "team_member"  ("user_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_team_member_pi_side" ON "team_member"  ("proposal_id", "side") WHERE role = 'PI'`);
        await queryRunner.query(`CREATE TYPE "public"."proposal_state" AS ENUM('DRAFT', 'SUBMITTED', 'ELIGIBLE', 'INELIGIBLE', 'UNDER_REVIEW', 'AWARDED', 'REJECTED', 'WAITLISTED', 'WITHDRAWN')`);
        await queryRunner.query(`CREATE TABLE "proposal" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "call_id" uuid NOT NULL, "state" "public"."proposal_state" NOT NULL DEFAULT 'DRAFT', "title" character varying(300) NOT NULL, "acronym" character varying(30), "abstract" text NOT NULL DEFAULT '', "keywords" text array NOT NULL DEFAULT '{}', "scientific_field" character varying(100), "duration_months" smallint, "home_budget" numeric(15,2), "partner_budget" numeric(15,2), "created_by_id" uuid NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_ca872ecfe4fef5720d2d39e4275" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_f7d3c519ddb4659a91b2ed2160" ON "proposal"  ("call_id", "state") `);
        await queryRunner.query(`CREATE TABLE "attachment_chunk" ("attachment_id" uuid NOT NULL, "seq" integer NOT NULL, "data" bytea NOT NULL, CONSTRAINT "PK_6b91b0666f899373de946dee00c" PRIMARY KEY ("attachment_id", "seq"))`);
        await queryRunner.query(`ALTER TABLE "call_approval" ADD CONSTRAINT "FK_5836aec83f9028e5c8efdbcacb0" FOREIGN KEY ("call_id") REFERENCES "call"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "call" ADD CONSTRAINT "FK_bfd8ef70c2055344d44f8c3d675" FOREIGN KEY ("home_agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "call" ADD CONSTRAINT "FK_ff64ec07a3d7f2ec5a5ac860b12" FOREIGN KEY ("partner_agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "call" ADD CONSTRAINT "FK_8f39b8bcaf8f9a23520043ae0c7" FOREIGN KEY ("agreement_id") REFERENCES "agreement"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "eligibility_verdict" ADD CONSTRAINT "FK_a8351c2404b60c906b8f36a41ed" FOREIGN KEY ("proposal_id") REFERENCES "proposal"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "attachment" ADD CONSTRAINT "FK_4681a6ccb1388e67eed90cb3b3c" FOREIGN KEY ("proposal_id") REFERENCES "proposal"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "team_member" ADD CONSTRAINT "FK_bb6028a3842adec425fc4af5dca" FOREIGN KEY ("proposal_id") REFERENCES "proposal"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "proposal" ADD CONSTRAINT "FK_2e9365148645248891d3b3ac97a" FOREIGN KEY ("call_id") REFERENCES "call"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "attachment_chunk" ADD CONSTRAINT "FK_b3612ebdbf99fa515d2aead53cf" FOREIGN KEY ("attachment_id") REFERENCES "attachment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        // Written by hand: the deadline is re-checked when the submitting transaction COMMITs, with the database's
        // clock, so a submission is accepted if and only if it commits before the call's closes_at.
        await queryRunner.query(`CREATE FUNCTION proposal_submitted_before_deadline() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.state = 'SUBMITTED' AND OLD.state = 'DRAFT'
                   AND clock_timestamp() >= (SELECT closes_at FROM "call" WHERE id = NEW.call_id) THEN
                    RAISE EXCEPTION 'the call closed before this submission committed' USING ERRCODE = 'JC001';
                END IF;
                RETURN NULL;
            END $$`);
        await queryRunner.query(`CREATE CONSTRAINT TRIGGER proposal_submitted_before_deadline AFTER UPDATE OF state ON "proposal"
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION proposal_submitted_before_deadline()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER proposal_submitted_before_deadline ON "proposal"`);
        await queryRunner.query(`DROP FUNCTION proposal_submitted_before_deadline()`);
        await queryRunner.query(`ALTER TABLE "attachment_chunk" DROP CONSTRAINT "FK_b3612ebdbf99fa515d2aead53cf"`);
        await queryRunner.query(`ALTER TABLE "proposal" DROP CONSTRAINT "FK_2e9365148645248891d3b3ac97a"`);
        await queryRunner.query(`ALTER TABLE "team_member" DROP CONSTRAINT "FK_bb6028a3842adec425fc4af5dca"`);
        await queryRunner.query(`ALTER TABLE "attachment" DROP CONSTRAINT "FK_4681a6ccb1388e67eed90cb3b3c"`);
        await queryRunner.query(`ALTER TABLE "eligibility_verdict" DROP CONSTRAINT "FK_a8351c2404b60c906b8f36a41ed"`);
        await queryRunner.query(`ALTER TABLE "call" DROP CONSTRAINT "FK_8f39b8bcaf8f9a23520043ae0c7"`);
        await queryRunner.query(`ALTER TABLE "call" DROP CONSTRAINT "FK_ff64ec07a3d7f2ec5a5ac860b12"`);
        await queryRunner.query(`ALTER TABLE "call" DROP CONSTRAINT "FK_bfd8ef70c2055344d44f8c3d675"`);
        await queryRunner.query(`ALTER TABLE "call_approval" DROP CONSTRAINT "FK_5836aec83f9028e5c8efdbcacb0"`);
        await queryRunner.query(`DROP TABLE "attachment_chunk"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_f7d3c519ddb4659a91b2ed2160"`);
        await queryRunner.query(`DROP TABLE "proposal"`);
        await queryRunner.query(`DROP TYPE "public"."proposal_state"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_team_member_pi_side"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_0724b86622f89c433dee4cd8b1"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_bb6028a3842adec425fc4af5dc"`);
        await queryRunner.query(`DROP TABLE "team_member"`);
        await queryRunner.query(`DROP TYPE "public"."side"`);
        await queryRunner.query(`DROP TYPE "public"."team_role"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_f673e61119cafb83bfdbe31b8d"`);
        await queryRunner.query(`DROP TABLE "attachment"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_8db9bc5e9bd246c6821ad5d3ac"`);
        await queryRunner.query(`DROP TABLE "eligibility_verdict"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_call_closing"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_ff64ec07a3d7f2ec5a5ac860b1"`);
        await queryRunner.query(`DROP TABLE "call"`);
        await queryRunner.query(`DROP TYPE "public"."call_state"`);
        await queryRunner.query(`DROP TYPE "public"."instrument"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_219f5a9f0e82b8c15596334715"`);
        await queryRunner.query(`DROP TABLE "call_approval"`);
    }

}
