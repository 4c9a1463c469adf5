import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { VISIBILITIES, Visibility } from '../../write/identity/events';

export class RegisterDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'client-chosen id, so a retried registration is not a second account' })
  @IsOptional()
  @IsUUID()
  user_id?: string;

  @ApiProperty({ example: 'ann@example.com' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: 8, maxLength: 128 })
  @IsString()
  @Length(8, 128)
  password!: string;

  @ApiProperty({ minLength: 1, maxLength: 80 })
  @IsString()
  @Length(1, 80)
  display_name!: string;
}

export class LoginDto {
  @ApiProperty()
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 128)
  password!: string;
}

export class PrivacyZoneDto {
  @ApiProperty({ minimum: -90, maximum: 90 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat!: number;

  @ApiProperty({ minimum: -180, maximum: 180 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lon!: number;

  @ApiProperty({ minimum: 50, maximum: 5000, description: 'metres' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(50)
  @Max(5000)
  radius_m!: number;
}

export class UpdateMeDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 80 })
  @IsOptional()
  @IsString()
  @Length(1, 80)
  display_name?: string;

  @ApiPropertyOptional({ enum: VISIBILITIES })
  @IsOptional()
  @IsIn(VISIBILITIES)
  default_visibility?: Visibility;

  @ApiPropertyOptional({ example: 'NL', description: 'ISO 3166-1 alpha-2 country: offers are for shoes in stock there' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'region must be an ISO 3166-1 alpha-2 code such as NL' })
  region?: string;

  @ApiPropertyOptional({ type: [PrivacyZoneDto], maxItems: 10 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => PrivacyZoneDto)
  privacy_zones?: PrivacyZoneDto[];
}
