import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Generated, then reviewed: the generator wanted a new table beside "password_reset"; the reset tokens become the
 * single-use tokens of every e-mailed link instead (renamed, so outstanding reset links keep working), with a purpose.
 * Accounts that exist already count as verified: they were opened before addresses were checked. So does any account
 * opened without saying otherwise (the column's default): only self-registration opens unverified ones.
 */
export class EmailVerification1796008782045 implements MigrationInterface {
    name = 'EmailVerification1796008782045'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "password_reset" RENAME TO "single_use_token"`);
        await queryRunner.query(`ALTER TABLE "single_use_token" RENAME CONSTRAINT "PK_8515e60a2cc41584fa4784f52ce" TO "PK_e2be3b618427b72ac6487b42613"`);
        await queryRunner.query(`ALTER TABLE "single_use_token" RENAME CONSTRAINT "FK_ad88301fdc79593dd222268a8b6" TO "FK_51f0fe5a131e5fab23a4b66a9ab"`);
        await queryRunner.query(`ALTER INDEX "public"."IDX_b0914167ce61ce901304870664" RENAME TO "IDX_2bc7cdaec6bded780663be4280"`);
        await queryRunner.query(`ALTER INDEX "public"."IDX_ad88301fdc79593dd222268a8b" RENAME TO "IDX_51f0fe5a131e5fab23a4b66a9a"`);
        await queryRunner.query(`ALTER TABLE "single_use_token" ADD "purpose" character varying(20) NOT NULL DEFAULT 'PASSWORD_RESET'`);
        await queryRunner.query(`ALTER TABLE "single_use_token" ALTER COLUMN "purpose" DROP DEFAULT`);
        await queryRunner.query(`ALTER TABLE "user" ADD "email_verified_at" TIMESTAMP WITH TIME ZONE DEFAULT now()`);
        await queryRunner.query(`UPDATE "user" SET "email_verified_at" = "created_at"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "user" DROP COLUMN "email_verified_at"`);
        // Verification tokens have no place in the old table.
        await queryRunner.query(`DELETE FROM "single_use_token" WHERE "purpose" <> 'PASSWORD_RESET'`);
        await queryRunner.query(`ALTER TABLE "single_use_token" DROP COLUMN "purpose"`);
        await queryRunner.query(`ALTER INDEX "public"."IDX_51f0fe5a131e5fab23a4b66a9a" RENAME TO "IDX_ad88301fdc79593dd222268a8b"`);
        await queryRunner.query(`ALTER INDEX "public"."IDX_2bc7cdaec6bded780663be4280" RENAME TO "IDX_b0914167ce61ce901304870664"`);
        await queryRunner.query(`ALTER TABLE "single_use_token" RENAME CONSTRAINT "FK_51f0fe5a131e5fab23a4b66a9ab" TO "FK_ad88301fdc79593dd222268a8b6"`);
        await queryRunner.query(`ALTER TABLE "single_use_token" RENAME CONSTRAINT "PK_e2be3b618427b72ac6487b42613" TO "PK_8515e60a2cc41584fa4784f52ce"`);
        await queryRunner.query(`ALTER TABLE "single_use_token" RENAME TO "password_reset"`);
    }

}
