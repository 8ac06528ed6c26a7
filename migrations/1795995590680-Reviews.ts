import { MigrationInterface, QueryRunner } from "typeorm";

export class Reviews1795995590680 implements MigrationInterface {
    name = 'Reviews1795995590680'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "public"."declared_conflict_kind" AS ENUM('PROPOSAL', 'PERSON', 'INSTITUTION')`);
        await queryRunner.query(`CREATE TABLE "declared_conflict" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "reviewer_id" uuid NOT NULL, "kind" "public"."declared_conflict_kind" NOT NULL, "proposal_id" uuid, "person_email" character varying(254), "institution" character varying(300), "reason" text NOT NULL DEFAULT '', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3e2d617113f73ed6af8ce94f128" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_b2fef93b9248ab0d1fa5c3c020" ON "declared_conflict"  ("reviewer_id") `);
        await queryRunner.query(`CREATE TABLE "institution_alias" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "alias" character varying(300) NOT NULL, "alias_key" character varying(300) NOT NULL, "institution" character varying(300) NOT NULL, "institution_key" character varying(300) NOT NULL, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c32e78ad5942bf9c92535128981" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_ef9e87cc2efc74412e593296fa" ON "institution_alias"  ("alias_key") `);
        await queryRunner.query(`CREATE INDEX "IDX_97b469fca55e5bc0cec41cea24" ON "institution_alias"  ("institution_key") `);
        await queryRunner.query(`CREATE TYPE "public"."review_assignment_state" AS ENUM('INVITED', 'ACCEPTED', 'DECLINED', 'SUBMITTED', 'REMOVED')`);
        await queryRunner.query(`CREATE TABLE "review_assignment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "proposal_id" uuid NOT NULL, "call_id" uuid NOT NULL, "reviewer_id" uuid NOT NULL, "reviewer_agency_id" uuid NOT NULL, "state" "public"."review_assignment_state" NOT NULL DEFAULT 'INVITED', "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "assigned_by_id" uuid NOT NULL, "responded_at" TIMESTAMP WITH TIME ZONE, "decline_reason" text, "removed_at" TIMESTAMP WITH TIME ZONE, "removal_reason" text, "submitted_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_86c7b2c46cd7a61d3fd26e3ef80" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_3272b05763224ef33053a082f8" ON "review_assignment"  ("proposal_id", "created_at") `);
        await queryRunner.query(`CREATE INDEX "IDX_d0e02b2db5c11e52f5adf85c5e" ON "review_assignment"  ("reviewer_id", "call_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_review_assignment_live" ON "review_assignment"  ("proposal_id", "reviewer_id") WHERE state IN ('INVITED', 'ACCEPTED', 'SUBMITTED')`);
        await queryRunner.query(`CREATE TYPE "public"."review_recommendation" AS ENUM('FUND', 'FUND_IF_POSSIBLE', 'DO_NOT_FUND')`);
        await queryRunner.query(`CREATE TABLE "review" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "assignment_id" uuid NOT NULL, "call_id" uuid NOT NULL, "proposal_id" uuid NOT NULL, "reviewer_agency_id" uuid NOT NULL, "scores" jsonb NOT NULL DEFAULT '{}', "recommendation" "public"."review_recommendation", "comments_to_applicants" text NOT NULL DEFAULT '', "confidential_comments" text NOT NULL DEFAULT '', "total" numeric(7,4), "submitted_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "REL_86c7b2c46cd7a61d3fd26e3ef8" UNIQUE ("assignment_id"), CONSTRAINT "PK_2e4299a343a81574217255c00ca" PRIMARY KEY ("id"))`);
        // Written by hand (TypeORM cannot declare INCLUDE): the ranking reads a call's submitted reviews from this index
        // alone, in proposal order, so that it aggregates them as they come (ranking.sql.ts).
        await queryRunner.query(`CREATE INDEX "IDX_review_ranking" ON "review" ("call_id", "proposal_id") INCLUDE ("total", "reviewer_agency_id") WHERE submitted_at IS NOT NULL`);
        await queryRunner.query(`CREATE TABLE "reviewer_profile" ("user_id" uuid NOT NULL, "recruiting_agency_id" uuid NOT NULL, "institution" character varying(300) NOT NULL, "email_domain" character varying(253) NOT NULL, "country" character(2) NOT NULL, "expertise_keywords" text array NOT NULL DEFAULT '{}', "expertise_description" text NOT NULL DEFAULT '', "expertise_vector" tsvector, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_d34b8f44042c8a5268bdb2226ae" PRIMARY KEY ("user_id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_19ee97a58919762b28399b2e63" ON "reviewer_profile"  ("recruiting_agency_id") `);
        await queryRunner.query(`CREATE INDEX "IDX_reviewer_profile_expertise_keywords" ON "reviewer_profile" USING gin ("expertise_keywords") `);
        await queryRunner.query(`CREATE INDEX "IDX_reviewer_profile_expertise_vector" ON "reviewer_profile" USING gin ("expertise_vector") `);
        await queryRunner.query(`ALTER TABLE "call" ADD "max_assignments_per_reviewer" smallint NOT NULL DEFAULT '10'`);
        await queryRunner.query(`ALTER TABLE "declared_conflict" ADD CONSTRAINT "FK_b2fef93b9248ab0d1fa5c3c0201" FOREIGN KEY ("reviewer_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "review_assignment" ADD CONSTRAINT "FK_918cbce9edc5f620d12e6003a96" FOREIGN KEY ("proposal_id") REFERENCES "proposal"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "review_assignment" ADD CONSTRAINT "FK_ae0b3e90fc4564185ada557caef" FOREIGN KEY ("call_id") REFERENCES "call"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "review_assignment" ADD CONSTRAINT "FK_0960ff781a500039d868712d608" FOREIGN KEY ("reviewer_id") REFERENCES "user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "review_assignment" ADD CONSTRAINT "FK_39beba1de2fae71c5785aa6907e" FOREIGN KEY ("reviewer_agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "review" ADD CONSTRAINT "FK_86c7b2c46cd7a61d3fd26e3ef80" FOREIGN KEY ("assignment_id") REFERENCES "review_assignment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "reviewer_profile" ADD CONSTRAINT "FK_d34b8f44042c8a5268bdb2226ae" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "reviewer_profile" ADD CONSTRAINT "FK_19ee97a58919762b28399b2e631" FOREIGN KEY ("recruiting_agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "reviewer_profile" DROP CONSTRAINT "FK_19ee97a58919762b28399b2e631"`);
        await queryRunner.query(`ALTER TABLE "reviewer_profile" DROP CONSTRAINT "FK_d34b8f44042c8a5268bdb2226ae"`);
        await queryRunner.query(`ALTER TABLE "review" DROP CONSTRAINT "FK_86c7b2c46cd7a61d3fd26e3ef80"`);
        await queryRunner.query(`ALTER TABLE "review_assignment" DROP CONSTRAINT "FK_39beba1de2fae71c5785aa6907e"`);
        await queryRunner.query(`ALTER TABLE "review_assignment" DROP CONSTRAINT "FK_0960ff781a500039d868712d608"`);
        await queryRunner.query(`ALTER TABLE "review_assignment" DROP CONSTRAINT "FK_ae0b3e90fc4564185ada557caef"`);
        await queryRunner.query(`ALTER TABLE "review_assignment" DROP CONSTRAINT "FK_918cbce9edc5f620d12e6003a96"`);
        await queryRunner.query(`ALTER TABLE "declared_conflict" DROP CONSTRAINT "FK_b2fef93b9248ab0d1fa5c3c0201"`);
        await queryRunner.query(`ALTER TABLE "call" DROP COLUMN "max_assignments_per_reviewer"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_reviewer_profile_expertise_vector"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_reviewer_profile_expertise_keywords"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_19ee97a58919762b28399b2e63"`);
        await queryRunner.query(`DROP TABLE "reviewer_profile"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_review_ranking"`);
        await queryRunner.query(`DROP TABLE "review"`);
        await queryRunner.query(`DROP TYPE "public"."review_recommendation"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_review_assignment_live"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_d0e02b2db5c11e52f5adf85c5e"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_3272b05763224ef33053a082f8"`);
        await queryRunner.query(`DROP TABLE "review_assignment"`);
        await queryRunner.query(`DROP TYPE "public"."review_assignment_state"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_97b469fca55e5bc0cec41cea24"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_ef9e87cc2efc74412e593296fa"`);
        await queryRunner.query(`DROP TABLE "institution_alias"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_b2fef93b9248ab0d1fa5c3c020"`);
        await queryRunner.query(`DROP TABLE "declared_conflict"`);
        await queryRunner.query(`DROP TYPE "public"."declared_conflict_kind"`);
    }

}
