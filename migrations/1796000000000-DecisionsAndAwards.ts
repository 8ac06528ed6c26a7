import { MigrationInterface, QueryRunner } from "typeorm";

export class DecisionsAndAwards1796000000000 implements MigrationInterface {
    name = 'DecisionsAndAwards1796000000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "award" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "proposal_id" uuid NOT NULL, "call_id" uuid NOT NULL, "home_amount" numeric(15,2) NOT NULL, "home_currency" character(3) NOT NULL, "partner_amount" numeric(15,2) NOT NULL, "partner_currency" character(3) NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e887e4e69663925ebb60d3a7775" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_8968234a0bd1ab6c237e950e97" ON "award"  ("proposal_id") `);
        await queryRunner.query(`CREATE INDEX "IDX_58e99b8183160fd845df507529" ON "award"  ("call_id") `);
        await queryRunner.query(`CREATE TYPE "public"."report_verdict" AS ENUM('ACCEPTED', 'REVISION_REQUESTED')`);
        await queryRunner.query(`CREATE TABLE "report_review" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "report_id" uuid NOT NULL, "submission" smallint NOT NULL, "agency_id" uuid NOT NULL, "verdict" "public"."report_verdict" NOT NULL, "comment" text NOT NULL DEFAULT '', "officer_id" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_1cb5982098ec9acfcb4572627df" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_ffde34963173c528512677a91c" ON "report_review"  ("report_id", "submission", "agency_id") `);
        await queryRunner.query(`CREATE TYPE "public"."report_kind" AS ENUM('INTERIM', 'FINAL')`);
        await queryRunner.query(`CREATE TYPE "public"."report_state" AS ENUM('DUE', 'SUBMITTED', 'REVISION_REQUESTED', 'ACCEPTED')`);
        await queryRunner.query(`CREATE TABLE "report" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "award_id" uuid NOT NULL, "kind" "public"."report_kind" NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "state" "public"."report_state" NOT NULL DEFAULT 'DUE', "submission" smallint NOT NULL DEFAULT '0', "attachment_id" uuid, "submitted_at" TIMESTAMP WITH TIME ZONE, "accepted_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL, CONSTRAINT "PK_99e4d0bea58cba73c57f935a546" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_cbdc4c27eed7e1fe4b7055157a" ON "report"  ("award_id", "kind") `);
        await queryRunner.query(`CREATE TABLE "call_budget" ("call_id" uuid NOT NULL, "agency_id" uuid NOT NULL, "currency" character(3) NOT NULL, "total" numeric(15,2) NOT NULL, "committed" numeric(15,2) NOT NULL DEFAULT '0', CONSTRAINT "CHK_call_budget_within_total" CHECK (committed >= 0 AND committed <= total), CONSTRAINT "PK_732cd8120c47f050831d784d82f" PRIMARY KEY ("call_id", "agency_id"))`);
        await queryRunner.query(`CREATE TYPE "public"."decision_kind" AS ENUM('FUND', 'REJECT', 'WAITLIST')`);
        await queryRunner.query(`CREATE TABLE "decision" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "proposal_id" uuid NOT NULL, "call_id" uuid NOT NULL, "agency_id" uuid NOT NULL, "kind" "public"."decision_kind" NOT NULL, "amount" numeric(15,2), "note" text NOT NULL DEFAULT '', "officer_id" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "version" integer NOT NULL, CONSTRAINT "CHK_decision_amount_iff_fund" CHECK ((kind = 'FUND') = (amount IS NOT NULL)), CONSTRAINT "PK_fa4cbd6abf1215054f13c27df5a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_8567a992c3958b87c00ce101dc" ON "decision"  ("call_id", "agency_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_d9e775a815a765d2ae27d9f7fe" ON "decision"  ("proposal_id", "agency_id") `);
        // Calls written before projects had a start date start them when the decision is expected (the API's default).
        await queryRunner.query(`ALTER TABLE "call" ADD "project_starts_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`UPDATE "call" SET "project_starts_at" = "decision_expected_at"`);
        await queryRunner.query(`ALTER TABLE "call" ALTER COLUMN "project_starts_at" SET NOT NULL`);
        await queryRunner.query(`ALTER TABLE "award" ADD CONSTRAINT "FK_8968234a0bd1ab6c237e950e97d" FOREIGN KEY ("proposal_id") REFERENCES "proposal"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "award" ADD CONSTRAINT "FK_58e99b8183160fd845df5075295" FOREIGN KEY ("call_id") REFERENCES "call"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "report_review" ADD CONSTRAINT "FK_bc4b0e690a892d714e4d49542c4" FOREIGN KEY ("report_id") REFERENCES "report"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "report" ADD CONSTRAINT "FK_683adc1d236a3c059b733a74997" FOREIGN KEY ("award_id") REFERENCES "award"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "report" ADD CONSTRAINT "FK_0e5e0eca753a0c7e367a1249dfc" FOREIGN KEY ("attachment_id") REFERENCES "attachment"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "call_budget" ADD CONSTRAINT "FK_2abdebb18195770a4580be4d875" FOREIGN KEY ("call_id") REFERENCES "call"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "decision" ADD CONSTRAINT "FK_a364c952f5ee8af29dd30f35b9a" FOREIGN KEY ("proposal_id") REFERENCES "proposal"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "decision" ADD CONSTRAINT "FK_d23834ff807207373b1db0e386e" FOREIGN KEY ("call_id") REFERENCES "call"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "decision" DROP CONSTRAINT "FK_d23834ff807207373b1db0e386e"`);
        await queryRunner.query(`ALTER TABLE "decision" DROP CONSTRAINT "FK_a364c952f5ee8af29dd30f35b9a"`);
        await queryRunner.query(`ALTER TABLE "call_budget" DROP CONSTRAINT "FK_2abdebb18195770a4580be4d875"`);
        await queryRunner.query(`ALTER TABLE "report" DROP CONSTRAINT "FK_0e5e0eca753a0c7e367a1249dfc"`);
        await queryRunner.query(`ALTER TABLE "report" DROP CONSTRAINT "FK_683adc1d236a3c059b733a74997"`);
        await queryRunner.query(`ALTER TABLE "report_review" DROP CONSTRAINT "FK_bc4b0e690a892d714e4d49542c4"`);
        await queryRunner.query(`ALTER TABLE "award" DROP CONSTRAINT "FK_58e99b8183160fd845df5075295"`);
        await queryRunner.query(`ALTER TABLE "award" DROP CONSTRAINT "FK_8968234a0bd1ab6c237e950e97d"`);
        await queryRunner.query(`ALTER TABLE "call" DROP COLUMN "project_starts_at"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_d9e775a815a765d2ae27d9f7fe"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_8567a992c3958b87c00ce101dc"`);
        await queryRunner.query(`DROP TABLE "decision"`);
        await queryRunner.query(`DROP TYPE "public"."decision_kind"`);
        await queryRunner.query(`DROP TABLE "call_budget"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_cbdc4c27eed7e1fe4b7055157a"`);
        await queryRunner.query(`DROP TABLE "report"`);
        await queryRunner.query(`DROP TYPE "public"."report_state"`);
        await queryRunner.query(`DROP TYPE "public"."report_kind"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_ffde34963173c528512677a91c"`);
        await queryRunner.query(`DROP TABLE "report_review"`);
        await queryRunner.query(`DROP TYPE "public"."report_verdict"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_58e99b8183160fd845df507529"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_8968234a0bd1ab6c237e950e97"`);
        await queryRunner.query(`DROP TABLE "award"`);
    }

}
