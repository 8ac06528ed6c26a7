import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AwardsModule } from '../awards/awards.module';
import { CallsModule } from '../calls/calls.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ProposalsModule } from '../proposals/proposals.module';
import { WebhookEventsModule } from '../webhooks/webhooks.module';
import { BudgetLedger } from './budget-ledger';
import { CallBudget } from './call-budget.entity';
import { Decision } from './decision.entity';
import { DecisionsController } from './decisions.controller';
import { DecisionLetters } from './decision-letters';
import { DecisionsService } from './decisions.service';
import { FinalizationService } from './finalization.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Decision, CallBudget]),
    CallsModule,
    ProposalsModule,
    AwardsModule,
    NotificationsModule,
    WebhookEventsModule,
  ],
  controllers: [DecisionsController],
  providers: [DecisionsService, FinalizationService, DecisionLetters, BudgetLedger],
  exports: [BudgetLedger],
})
export class DecisionsModule {}
