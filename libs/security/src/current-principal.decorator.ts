import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { Principal } from './access-token';
import { AuthenticatedRequest } from './access.guard';

/** The authenticated user (set by AccessGuard) as a handler parameter. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a handler without @HasPermission');
  return principal;
});
