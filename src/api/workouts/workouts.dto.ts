import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsUUID } from 'class-validator';
import { VISIBILITIES, Visibility } from '../../write/identity/events';
import { SPORT_TYPES, SportType } from '../../write/workouts/telemetry-point';

export class StartWorkoutDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'client-chosen, so a retried start is not a second workout' })
  @IsOptional()
  @IsUUID()
  workout_id?: string;

  @ApiProperty({ enum: SPORT_TYPES })
  @IsIn(SPORT_TYPES)
  sport_type!: SportType;

  @ApiProperty({ example: '2026-11-22T07:30:00Z' })
  @IsISO8601({ strict: true })
  start_date!: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  gear_id?: string;

  @ApiPropertyOptional({ enum: VISIBILITIES, description: "defaults to the athlete's default_visibility" })
  @IsOptional()
  @IsIn(VISIBILITIES)
  visibility?: Visibility;
}

export class FinishWorkoutDto {
  @ApiPropertyOptional({ description: 'defaults to the time of the last point' })
  @IsOptional()
  @IsISO8601({ strict: true })
  end_date?: string;
}

export class ImportQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'client-chosen id; by default the same file gives the same workout' })
  @IsOptional()
  @IsUUID()
  workout_id?: string;

  @ApiPropertyOptional({ enum: VISIBILITIES })
  @IsOptional()
  @IsIn(VISIBILITIES)
  visibility?: Visibility;
}
