/**
 * One gateway style with its keys, every secret already read from its file or environment variable
 * (docs/gateways.md). Key names are those of the configuration file. The configuration layer
 * produces it (`resolveGateway`) and the upstream layer consumes it (`createGatewayProfile`).
 */
export type GatewaySettings =
  | { readonly style: 'plain' }
  | { readonly style: 'csb'; readonly access_key: string; readonly secret: string; readonly api_version: string }
  | { readonly style: 'tif'; readonly paas_id: string; readonly paas_token: string; readonly path_prefix: string }
  | {
      readonly style: 'sm';
      readonly client_id: string;
      readonly client_secret: string;
      readonly username: string;
      readonly password: string;
      readonly scope: string;
      /** 32 hex digits. */
      readonly sm4_key: string;
      /** 64 hex digits. */
      readonly sm2_private_key: string;
    };
