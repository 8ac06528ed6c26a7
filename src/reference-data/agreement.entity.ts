import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Agency } from './agency.entity';

export enum AgreementKind {
  Mou = 'MOU',
  Agreement = 'AGREEMENT',
  ImplementingArrangement = 'IMPLEMENTING_ARRANGEMENT',
}

/** A signed agreement or MoU between NSTC and a counterpart, under which joint calls are issued. */
@Entity()
@Index(['homeAgencyId', 'partnerAgencyId', 'title'], { unique: true })
export class Agreement {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT' })
  homeAgency!: Agency;

  @Column({ type: 'uuid' })
  homeAgencyId!: string;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT' })
  partnerAgency!: Agency;

  @Column({ type: 'uuid' })
  partnerAgencyId!: string;

  @Column({ length: 300 })
  title!: string;

  @Column({ type: 'enum', enum: AgreementKind, enumName: 'agreement_kind' })
  kind!: AgreementKind;

  @Column({ type: 'date' })
  signedOn!: string;

  @Column({ type: 'date', nullable: true })
  expiresOn!: string | null;
}
