import type { Client } from "@notionhq/client";
import type { DataSourceProperty } from "../core/typed-output";
import { fromNotionError } from "./errors";

/** A data source's properties with their whole configuration (types, options, number formats), for typed outputs. */
export async function readDataSourceProperties(client: Client, dataSourceId: string): Promise<DataSourceProperty[]> {
  try {
    const source = await client.dataSources.retrieve({ data_source_id: dataSourceId });
    return Object.values(source.properties);
  } catch (error) {
    throw fromNotionError(error, "this database");
  }
}
