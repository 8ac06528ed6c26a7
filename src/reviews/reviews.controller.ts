import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authenticated, Roles } from '../common/access/access.decorators';
import { CurrentUser, Principal } from '../common/access/principal';
import { Role } from '../common/identity/role';
import { ProposalReviewsView, ReviewView, SaveReview, SubmitReview } from './dto/review.dto';
import { ReviewsService } from './reviews.service';

const view = ({
  review,
  call,
}: {
  review: Parameters<typeof ReviewView.of>[0];
  call: { reviewCriteria: Parameters<typeof ReviewView.of>[1] };
}) => ReviewView.of(review, call.reviewCriteria);

@ApiTags('reviews')
@Controller()
export class ReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  /** Read your review of an assignment, draft or submitted */
  @Get('review-assignments/:id/review')
  @Authenticated()
  async get(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ReviewView> {
    return view(await this.reviews.get(user, id));
  }

  /** Save your draft review (the whole draft, with the version you read) */
  @Put('review-assignments/:id/review')
  @Roles(Role.Reviewer)
  async save(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() input: SaveReview): Promise<ReviewView> {
    return view(await this.reviews.save(user, id, input));
  }

  /** Submit your review: final, with every score and a recommendation */
  @Post('review-assignments/:id/submit')
  @Roles(Role.Reviewer)
  @HttpCode(HttpStatus.OK)
  async submit(
    @CurrentUser() user: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() { version }: SubmitReview,
  ): Promise<ReviewView> {
    return view(await this.reviews.submit(user, id, version));
  }

  /** Read a proposal's submitted reviews, as far as you may see them */
  @Get('proposals/:id/reviews')
  @Authenticated()
  async ofProposal(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ProposalReviewsView> {
    return this.reviews.ofProposal(user, id);
  }
}
