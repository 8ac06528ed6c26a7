import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsOptional } from 'class-validator';
import { PageQuery } from '../../common/pagination/page';
import { EmailStatus, OutboundEmail } from '../outbound-email.entity';

export class NotificationQuery extends PageQuery {
  @ApiProperty({ required: false, enum: EmailStatus })
  @IsOptional()
  @IsEnum(EmailStatus)
  status?: EmailStatus;
}

/** One e-mail in the log. Its variables (which may hold a reset link) are never shown. */
export class NotificationView {
  @ApiProperty() id!: string;
  @ApiProperty() type!: string;
  @ApiProperty() recipientEmail!: string;
  @ApiProperty() recipientName!: string;
  @ApiProperty() language!: string;
  @ApiProperty() subjectType!: string;
  @ApiProperty() subjectId!: string;
  @ApiProperty({ enum: EmailStatus }) status!: EmailStatus;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) sentAt!: Date | null;

  static of(email: OutboundEmail): NotificationView {
    const { id, type, recipientEmail, recipientName, language, subjectType, subjectId, status, attempts, lastError, createdAt, sentAt } =
      email;
    return { id, type, recipientEmail, recipientName, language, subjectType, subjectId, status, attempts, lastError, createdAt, sentAt };
  }
}
