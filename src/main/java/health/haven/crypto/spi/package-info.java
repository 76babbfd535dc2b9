/**
 * What other code plugs into the crypto module: where the master key comes from ({@link
 * health.haven.crypto.spi.KeyProvider}) and which columns hold sealed values ({@link
 * health.haven.crypto.spi.SealedColumns}).
 */
@org.springframework.modulith.NamedInterface("spi")
package health.haven.crypto.spi;
