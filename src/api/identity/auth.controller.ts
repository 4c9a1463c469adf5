import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../../core/decider';
import { ProjectionsService } from '../../projections/projections.service';
import { userProfilesProjection } from '../../projections/identity/user-profiles.projection';
import { RegisterUser, VerifyCredentials } from '../../write/identity/commands';
import { Public } from '../auth/public.decorator';
import { TokenService } from '../auth/token.service';
import { CommandCtx } from '../http/command-context.decorator';
import { LoginDto, RegisterDto } from './identity.dto';

@ApiTags('identity')
@Controller('v1/auth')
export class AuthController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly tokens: TokenService,
    private readonly projections: ProjectionsService,
  ) {}

  @Public()
  @Post('register')
  @HttpCode(201)
  async register(@Body() body: RegisterDto, @CommandCtx() context: CommandContext): Promise<{ user_id: string; token: string }> {
    const userId = body.user_id ?? randomUUID();
    const { position } = await this.commands.execute<RegisterUser, { userId: string; position?: bigint }>(
      new RegisterUser(
        { userId, email: body.email, password: body.password, displayName: body.display_name },
        { ...context, actorId: userId, commandId: `register:${userId}` },
      ),
    );
    await this.projections.settle(userProfilesProjection, position);
    return { user_id: userId, token: this.tokens.issue(userId) };
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: LoginDto): Promise<{ token: string; user_id: string }> {
    const { userId } = await this.queries.execute<VerifyCredentials, { userId: string }>(new VerifyCredentials(body.email, body.password));
    return { token: this.tokens.issue(userId), user_id: userId };
  }
}
