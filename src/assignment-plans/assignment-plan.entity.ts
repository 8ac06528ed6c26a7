import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Call } from '../calls/call.entity';

export enum AssignmentPlanState {
  /** Waiting for a worker. */
  Queued = 'QUEUED',
  Running = 'RUNNING',
  /** An optimal plan, waiting for an officer to confirm it. */
  Ready = 'READY',
  /** No plan meets the hard constraints; `infeasibility` says why. */
  Infeasible = 'INFEASIBLE',
  Failed = 'FAILED',
  /** Its assignments were created and the invitations sent. */
  Confirmed = 'CONFIRMED',
}

/** A planned pair, with the expertise fit the plan maximised. */
export interface PlannedPair {
  proposalId: string;
  reviewerId: string;
  reviewerAgencyId: string;
  fit: number;
}

export interface ReviewerLoad {
  reviewerId: string;
  agencyId: string;
  /** Live assignments in the call before the plan. */
  current: number;
  planned: number;
  cap: number;
}

export interface PlanInfeasibility {
  shortfall: number;
  shortages: { proposalId: string; agencyId: string | null; needed: number; available: number; missing: number }[];
  contention: { proposalIds: string[]; reviewerIds: string[]; needed: number; missing: number }[];
  bindingReviewerIds: string[];
}

export interface ConfirmOutcome {
  created: { assignmentId: string; proposalId: string; reviewerId: string }[];
  refused: { proposalId: string; reviewerId: string; code: string; detail: string }[];
}

/**
 * A whole-call assignment plan: asked for by an officer, solved by a worker (pairs in `pairs`, or why none exists in
 * `infeasibility`), then confirmed (assignments created and invitations sent in one transaction). The plan's
 * figures are kept as JSON: they are read whole, never queried into.
 */
@Entity()
@Index(['callId', 'createdAt'])
export class AssignmentPlan {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne(() => Call, { onDelete: 'RESTRICT' })
  call!: Call;

  @Column({ type: 'uuid' })
  callId!: string;

  @Column({ type: 'uuid' })
  requestedById!: string;

  @Column({ type: 'enum', enum: AssignmentPlanState, enumName: 'assignment_plan_state', default: AssignmentPlanState.Queued })
  state!: AssignmentPlanState;

  /** 0..1 while running. */
  @Column({ type: 'real', default: 0 })
  progress!: number;

  /** The call's settings when the plan was asked for, and the candidates per proposal. */
  @Column({ type: 'jsonb' })
  settings!: { minReviews: number; maxAssignmentsPerReviewer: number; candidatesPerProposal: number };

  @Column({ type: 'jsonb', nullable: true })
  pairs!: PlannedPair[] | null;

  @Column({ type: 'double precision', nullable: true })
  objective!: number | null;

  @Column({ type: 'jsonb', nullable: true })
  loads!: ReviewerLoad[] | null;

  @Column({ type: 'jsonb', nullable: true })
  infeasibility!: PlanInfeasibility | null;

  @Column({ type: 'jsonb', nullable: true })
  stats!: Record<string, number> | null;

  @Column({ type: 'text', nullable: true })
  failure!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  confirmation!: ConfirmOutcome | null;

  @Column({ type: 'uuid', nullable: true })
  confirmedById!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt!: Date | null;

  @Column({ type: 'int', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
