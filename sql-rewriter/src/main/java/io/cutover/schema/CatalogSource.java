package io.cutover.schema;

/**
 * Where a schema's catalog is read from: DDL scripts ({@link DdlScripts}) or the database
 * that holds the schema ({@link InformationSchema}). Both give the same catalog for the
 * same schema: one spelling per type, NOT NULL and keys as PostgreSQL keeps them.
 */
public interface CatalogSource {
    Catalog read();
}
