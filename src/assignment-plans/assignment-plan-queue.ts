/** Whole-call assignment plans are solved by the worker: one job per plan, its id the plan's. */
export const ASSIGNMENT_PLAN_QUEUE = 'assignment-plans';

export interface AssignmentPlanJob {
  planId: string;
}
