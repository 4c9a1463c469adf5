import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateIf } from 'class-validator';
import { SPORT_TYPES, SportType } from '../../write/workouts/telemetry-point';

export class RegisterShoeDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  shoe_id?: string;

  @ApiProperty({ example: 'Asics' })
  @IsString()
  @Length(1, 100)
  brand_name!: string;

  @ApiProperty({ example: 'Novablast 4' })
  @IsString()
  @Length(1, 100)
  model_name!: string;

  @ApiPropertyOptional({ default: 800, minimum: 1, maximum: 5000 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(5000)
  lifespan_km?: number;
}

export class WearShoeDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  gear_id!: string;
}

export class DefaultShoeDto {
  @ApiProperty({ enum: SPORT_TYPES })
  @IsIn(SPORT_TYPES)
  sport_type!: SportType;

  @ApiProperty({ format: 'uuid', nullable: true, description: 'null: no default shoe for the sport' })
  @ValidateIf((_object, value) => value !== null)
  @IsUUID()
  shoe_id!: string | null;
}
