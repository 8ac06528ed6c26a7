import { MigrationInterface, QueryRunner } from "typeorm";

export class Notifications1795563807115 implements MigrationInterface {
    name = 'Notifications1795563807115'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "password_reset" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "digest" bytea NOT NULL, "user_id" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8515e60a2cc41584fa4784f52ce" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_b0914167ce61ce901304870664" ON "password_reset"  ("digest") `);
        await queryRunner.query(`CREATE INDEX "IDX_ad88301fdc79593dd222268a8b" ON "password_reset"  ("user_id") `);
        await queryRunner.query(`CREATE TYPE "public"."email_status" AS ENUM('PENDING', 'SENDING', 'SENT', 'FAILED')`);
        await queryRunner.query(`CREATE TABLE "outbound_email" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "idempotency_key" character varying(400) NOT NULL, "type" character varying(60) NOT NULL, "recipient_email" character varying(254) NOT NULL, "recipient_name" character varying(200) NOT NULL, "language" character varying(5) NOT NULL, "variables" jsonb, "sensitive" boolean NOT NULL DEFAULT false, "subject_type" character varying(40) NOT NULL, "subject_id" uuid NOT NULL, "agency_ids" uuid array NOT NULL DEFAULT '{}', "status" "public"."email_status" NOT NULL DEFAULT 'PENDING', "attempts" smallint NOT NULL DEFAULT '0', "last_error" text, "relay_after" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "lease_until" TIMESTAMP WITH TIME ZONE, "message_id" character varying(300), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_a0082b26c76b286b5ff8197ff86" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_7dd8eeae5652ef87b21a2cabc4" ON "outbound_email"  ("idempotency_key") `);
        await queryRunner.query(`CREATE INDEX "IDX_outbound_email_relay" ON "outbound_email"  ("relay_after") WHERE status = 'PENDING'`);
        // Written by hand: TypeORM cannot declare a GIN index. Serves the officers' log (agency = ANY(agency_ids)).
        await queryRunner.query(`CREATE INDEX "IDX_outbound_email_agencies" ON "outbound_email" USING gin ("agency_ids")`);
        await queryRunner.query(`CREATE TYPE "public"."reminder_status" AS ENUM('PENDING', 'FIRED', 'OBSOLETE', 'CANCELLED')`);
        await queryRunner.query(`CREATE TABLE "reminder" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(60) NOT NULL, "subject_type" character varying(40) NOT NULL, "subject_id" uuid NOT NULL, "recipient_id" uuid NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expectation" jsonb NOT NULL DEFAULT '{}', "status" "public"."reminder_status" NOT NULL DEFAULT 'PENDING', "settled_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9ec029d17cb8dece186b9221ede" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_reminder_due" ON "reminder"  ("due_at") WHERE status = 'PENDING'`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_reminder_occurrence" ON "reminder"  ("kind", "subject_type", "subject_id", "recipient_id") `);
        await queryRunner.query(`ALTER TABLE "password_reset" ADD CONSTRAINT "FK_ad88301fdc79593dd222268a8b6" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "password_reset" DROP CONSTRAINT "FK_ad88301fdc79593dd222268a8b6"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_reminder_occurrence"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_reminder_due"`);
        await queryRunner.query(`DROP TABLE "reminder"`);
        await queryRunner.query(`DROP TYPE "public"."reminder_status"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_outbound_email_agencies"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_outbound_email_relay"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_7dd8eeae5652ef87b21a2cabc4"`);
        await queryRunner.query(`DROP TABLE "outbound_email"`);
        await queryRunner.query(`DROP TYPE "public"."email_status"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_ad88301fdc79593dd222268a8b"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_b0914167ce61ce901304870664"`);
        await queryRunner.query(`DROP TABLE "password_reset"`);
    }

}
