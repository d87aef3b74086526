// The global guard: every route needs a valid bearer token unless marked @Public(), and a route
// marked @Roles(…) only admits those roles. The caller lands on `request.user`.
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC } from '../common/public.decorator.js';
import { DomainError } from '../common/domain-error.js';
import { AuthService } from './auth.service.js';
import { ROLES_KEY } from './auth.decorators.js';
import type { Principal, Role } from './principal.js';

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; user?: Principal }>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new DomainError('unauthenticated', 'Authorization: Bearer <accessToken> required');
    request.user = await this.auth.verify(match[1]);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(request.user.role)) {
      throw new DomainError('forbidden', `this needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }
}
