import { MigrationInterface, QueryRunner } from "typeorm";

export class AssignmentPlans1796000100000 implements MigrationInterface {
    name = 'AssignmentPlans1796000100000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "public"."assignment_plan_state" AS ENUM('QUEUED', 'RUNNING', 'READY', 'INFEASIBLE', 'FAILED', 'CONFIRMED')`);
        await queryRunner.query(`CREATE TABLE "assignment_plan" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "call_id" uuid NOT NULL, "requested_by_id" uuid NOT NULL, "state" "public"."assignment_plan_state" NOT NULL DEFAULT 'QUEUED', "progress" real NOT NULL DEFAULT '0', "settings" jsonb NOT NULL, "pairs" jsonb, "objective" double precision, "loads" jsonb, "infeasibility" jsonb, "stats" jsonb, "failure" text, "confirmation" jsonb, "confirmed_by_id" uuid, "finished_at" TIMESTAMP WITH TIME ZONE, "confirmed_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4fd563d3b0eb102911b701854bc" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_ea94d8ffceca8792e8a8297781" ON "assignment_plan"  ("call_id", "created_at") `);
        await queryRunner.query(`ALTER TABLE "assignment_plan" ADD CONSTRAINT "FK_39532f340d6715703820ad817b2" FOREIGN KEY ("call_id") REFERENCES "call"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "assignment_plan" DROP CONSTRAINT "FK_39532f340d6715703820ad817b2"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_ea94d8ffceca8792e8a8297781"`);
        await queryRunner.query(`DROP TABLE "assignment_plan"`);
        await queryRunner.query(`DROP TYPE "public"."assignment_plan_state"`);
    }

}
