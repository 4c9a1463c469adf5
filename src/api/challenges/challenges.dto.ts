import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { CHALLENGE_KINDS, ChallengeKind } from '../../write/challenges/events';
import { SPORT_TYPES, SportType } from '../../write/workouts/telemetry-point';
import { PageQueryDto } from '../http/page-query.dto';

export class CreateChallengeDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  challenge_id?: string;

  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ enum: CHALLENGE_KINDS })
  @IsIn(CHALLENGE_KINDS)
  kind!: ChallengeKind;

  @ApiProperty({ enum: SPORT_TYPES })
  @IsIn(SPORT_TYPES)
  sport_type!: SportType;

  @ApiProperty()
  @IsISO8601({ strict: true })
  start_date!: string;

  @ApiProperty()
  @IsISO8601({ strict: true })
  end_date!: string;
}

export class LeaderboardQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'a window around the caller instead of the top' })
  @IsOptional()
  @Transform(({ value }) => (value === '' || value === 'true' || value === true ? true : value === 'false' || value === false ? false : value))
  @IsBoolean()
  around_me?: boolean;
}

export class ReviewQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['pending', 'approved', 'rejected', 'withdrawn'] })
  @IsOptional()
  @IsIn(['pending', 'approved', 'rejected', 'withdrawn'])
  status?: 'pending' | 'approved' | 'rejected' | 'withdrawn';
}

export class ReviewDecisionDto {
  @ApiProperty({ enum: ['approve', 'reject'] })
  @IsIn(['approve', 'reject'])
  decision!: 'approve' | 'reject';

  @ApiProperty({ minLength: 1, maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}
