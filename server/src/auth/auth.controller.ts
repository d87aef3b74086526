// HTTP edge of sign-in (DESIGN §10) and account administration (admins only).
import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/public.decorator.js';
import { AuthService } from './auth.service.js';
import { UsersService } from './users.service.js';
import { CreateUserBody, LoginBody, RefreshBody, UpdateUserBody } from './auth.dto.js';
import { CurrentUser, Roles } from './auth.decorators.js';
import type { Principal } from './principal.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  // rate-limited per client address in server.ts (loginRateLimit)
  login(@Body() body: LoginBody) {
    return this.auth.login(body.username, body.password);
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  refresh(@Body() body: RefreshBody) {
    return this.auth.refresh(body.refreshToken);
  }

  @Get('me')
  @ApiBearerAuth()
  me(@CurrentUser() user: Principal) {
    return user;
  }
}

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list() {
    return this.users.list();
  }

  @Post()
  create(@CurrentUser() actor: Principal, @Body() body: CreateUserBody) {
    return this.users.create(actor, body);
  }

  @Patch(':username')
  update(@CurrentUser() actor: Principal, @Param('username') username: string, @Body() body: UpdateUserBody) {
    return this.users.update(actor, username, body);
  }
}
