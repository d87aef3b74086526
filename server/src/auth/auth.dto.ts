import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { ROLES, type Role } from './principal.js';

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}$/;

export class LoginBody {
  @ApiProperty({ example: 'leader' })
  @IsString()
  @Length(1, 64)
  username!: string;

  @ApiProperty({ example: 'demo' })
  @IsString()
  @Length(1, 256)
  password!: string;
}

export class RefreshBody {
  @ApiProperty()
  @IsString()
  @Length(20, 200)
  refreshToken!: string;
}

export class CreateUserBody {
  @ApiProperty({ example: 'vinh-tuy-ca' })
  @Matches(USERNAME, { message: 'must be 2–63 lower-case letters, digits, ".", "_" or "-"' })
  username!: string;

  @ApiProperty({ minLength: 10 })
  @IsString()
  @Length(10, 256, { message: 'must be 10 to 256 characters' })
  password!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES as Role[], { message: `must be one of ${ROLES.join(', ')}` })
  role!: Role;

  @ApiPropertyOptional({ description: 'agency code; required for role "agency"' })
  @IsOptional()
  @IsString()
  agency?: string;
}

export class UpdateUserBody {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES as Role[], { message: `must be one of ${ROLES.join(', ')}` })
  role?: Role;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  agency?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({ minLength: 10, description: 'a new password (reset)' })
  @IsOptional()
  @IsString()
  @Length(10, 256, { message: 'must be 10 to 256 characters' })
  password?: string;
}
