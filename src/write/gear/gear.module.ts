import { Module } from '@nestjs/common';
import { ChooseDefaultShoeHandler, RegisterShoeHandler, RetireShoeHandler, WearShoeHandler } from './gear.handlers';

@Module({ providers: [RegisterShoeHandler, RetireShoeHandler, WearShoeHandler, ChooseDefaultShoeHandler] })
export class GearWriteModule {}
