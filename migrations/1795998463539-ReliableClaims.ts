import { MigrationInterface, QueryRunner } from "typeorm";

export class ReliableClaims1795998463539 implements MigrationInterface {
    name = 'ReliableClaims1795998463539'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "IDX_outbound_email_claimed" ON "outbound_email"  ("lease_until") WHERE status = 'SENDING'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_outbound_email_claimed"`);
    }

}
