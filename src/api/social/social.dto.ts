import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUrl, IsUUID, Length, MaxLength } from 'class-validator';
import { VISIBILITIES, Visibility } from '../../write/identity/events';

export class CreateGroupDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  group_id?: string;

  @ApiProperty({ minLength: 1, maxLength: 100 })
  @IsString()
  @Length(1, 100)
  name!: string;
}

export class AddCommentDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'client-chosen, so a retried comment is not posted twice' })
  @IsOptional()
  @IsUUID()
  comment_id?: string;

  @ApiProperty({ minLength: 1, maxLength: 1000 })
  @IsString()
  @Length(1, 1000)
  text!: string;
}

export class PushEndpointDto {
  @ApiProperty({ example: 'https://push.example.com/hooks/abc' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @MaxLength(2000)
  url!: string;
}

export class UpdateWorkoutDto {
  @ApiProperty({ enum: VISIBILITIES })
  @IsIn(VISIBILITIES)
  visibility!: Visibility;
}
