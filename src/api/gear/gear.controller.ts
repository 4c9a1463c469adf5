import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../../core/decider';
import { gearProjection } from '../../projections/gear/gear.projection';
import { ProjectionsService } from '../../projections/projections.service';
import { workoutsProjection } from '../../projections/workouts/workouts.projection';
import type { Page } from '../../read/cursor';
import { GetShoe, ListOffers, ListShoes, OfferView, ShoeView } from '../../read/gear/gear-queries';
import { GetWorkout } from '../../read/workouts/get-workout.query';
import type { WorkoutView } from '../../read/workouts/workout-view';
import { ChooseDefaultShoe, GearCommandResult, RegisterShoe, RetireShoe, WearShoe } from '../../write/gear/commands';
import { DEFAULT_LIFESPAN_KM } from '../../write/gear/shoe.decider';
import { CurrentUser } from '../auth/current-user.decorator';
import { CommandCtx } from '../http/command-context.decorator';
import { uuidParam } from '../http/uuid-param';
import { PageQueryDto } from '../http/page-query.dto';
import { DefaultShoeDto, RegisterShoeDto, WearShoeDto } from './gear.dto';

@ApiTags('gear')
@ApiBearerAuth()
@Controller('v1')
export class GearController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly projections: ProjectionsService,
  ) {}

  @Post('shoes')
  @HttpCode(201)
  async register(@Body() body: RegisterShoeDto, @CommandCtx() context: CommandContext): Promise<ShoeView> {
    const shoeId = body.shoe_id ?? randomUUID();
    const { position } = await this.commands.execute<RegisterShoe, GearCommandResult>(
      new RegisterShoe({ shoeId, brandName: body.brand_name, modelName: body.model_name, lifespanKm: body.lifespan_km ?? DEFAULT_LIFESPAN_KM }, context),
    );
    await this.projections.settle(gearProjection, position);
    return this.queries.execute(new GetShoe(shoeId, context.actorId));
  }

  @Get('shoes/:id')
  shoe(@Param('id', uuidParam) id: string, @CurrentUser() viewerId: string): Promise<ShoeView> {
    return this.queries.execute(new GetShoe(id, viewerId));
  }

  @Post('shoes/:id/retire')
  @HttpCode(200)
  async retire(@Param('id', uuidParam) id: string, @CommandCtx() context: CommandContext): Promise<ShoeView> {
    const { position } = await this.commands.execute<RetireShoe, GearCommandResult>(new RetireShoe(id, context));
    await this.projections.settle(gearProjection, position);
    return this.queries.execute(new GetShoe(id, context.actorId));
  }

  /** The default shoe for a sport: new workouts of that sport wear it unless they name another. */
  @Put('me/default-shoe')
  @HttpCode(204)
  async chooseDefault(@Body() body: DefaultShoeDto, @CommandCtx() context: CommandContext): Promise<void> {
    await this.commands.execute(new ChooseDefaultShoe(body.sport_type, body.shoe_id, context));
  }

  @Get('me/shoes')
  shoes(@CurrentUser() userId: string, @Query() query: PageQueryDto): Promise<Page<ShoeView>> {
    return this.queries.execute(new ListShoes(userId, query.limit ?? 20, query.cursor));
  }

  @Get('me/offers')
  offers(@CurrentUser() userId: string, @Query() query: PageQueryDto): Promise<Page<OfferView>> {
    return this.queries.execute(new ListOffers(userId, query.limit ?? 20, query.cursor));
  }

  /** WearShoe: which shoe the athlete wore for the workout; the distance moves with it. */
  @Put('workouts/:id/gear')
  async wear(@Param('id', uuidParam) id: string, @Body() body: WearShoeDto, @CommandCtx() context: CommandContext): Promise<WorkoutView> {
    const { position } = await this.commands.execute<WearShoe, GearCommandResult>(new WearShoe(id, body.gear_id, context));
    await this.projections.settle(workoutsProjection, position);
    return this.queries.execute(new GetWorkout(id, context.actorId));
  }
}
