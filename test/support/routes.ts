import { RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { Access, ACCESS_KEY } from '../../src/common/access/access.decorators';
import { TestApp } from './test-app';

export interface DeclaredRoute {
  /** Controller.method, e.g. CallsController.publish. */
  name: string;
  method: string;
  /** Without the /api/v1 prefix, parameters as `:id`. */
  path: string;
  access: Access | undefined;
}

/** Every route of the running application, read from the controllers Nest registered. */
export function routesOf(testApp: TestApp): DeclaredRoute[] {
  const reflector = testApp.app.get(Reflector);
  // Built rather than fetched: no module of the API imports DiscoveryModule.
  const scanner = new MetadataScanner();
  return new DiscoveryService(testApp.app.get(ModulesContainer)).getControllers().flatMap(({ metatype, instance }) => {
    const prefix = String(Reflect.getMetadata(PATH_METADATA, metatype as object) ?? '');
    return scanner.getAllMethodNames(Object.getPrototypeOf(instance)).flatMap((methodName) => {
      const handler = (instance as Record<string, (...args: unknown[]) => unknown>)[methodName];
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (path === undefined) return [];
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      const access = reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [handler, metatype as Type]);
      const fullPath = ['', prefix, path].join('/').replace(/\/+/g, '/').replace(/\/$/, '');
      return [{ name: `${(metatype as { name: string }).name}.${methodName}`, method, path: fullPath, access }];
    });
  });
}

/** The URL a request to the route goes to: under /api/v1 except the health probes. */
export const urlOfRoute = (path: string) => `${path.startsWith('/health') ? '' : '/api/v1'}${path}`;
