import { Module } from '@nestjs/common';
import { DecisionsModule } from '../decisions/decisions.module';
import { ReviewsModule } from '../reviews/reviews.module';
import { RankingController } from './ranking.controller';

/** The ranking officers decide from and export: the reviews' figures (ReviewsModule) beside the decisions. */
@Module({
  imports: [ReviewsModule, DecisionsModule],
  controllers: [RankingController],
})
export class RankingModule {}
