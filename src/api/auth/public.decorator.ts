import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'isPublic';

/** Marks a route that needs no bearer token (register, login, health, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
