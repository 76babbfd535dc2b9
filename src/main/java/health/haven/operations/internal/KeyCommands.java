package health.haven.operations.internal;

import health.haven.crypto.KeyManagement;
import health.haven.crypto.KeyRotation;
import health.haven.operations.HavenConfig;
import health.haven.operations.StartupFailure;
import health.haven.shared.HavenException;
import health.haven.shared.OrgId;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code haven keys rotate [--master] [--org <uuid>|all] [--reencrypt]}: rotates keys online, next to a running
 * Haven (which notices through {@code crypto.key_generation} within seconds) or with Haven stopped.
 *
 * <p>Not audited yet: the audit module does not exist on this branch. TODO(lead): record each {@link KeyRotation}
 * in the audit trail here.
 */
public final class KeyCommands {

	public static final String USAGE = """
			  keys rotate [--master] [--org <uuid>|all] [--reencrypt]
			                 rotate the master key and/or organization keys online (keys below are re-wrapped, data
			                 is not re-encrypted); --reencrypt also gives data keys a new version and queues background
			                 re-encryption, which the running Haven performs""";

	private KeyCommands() {
	}

	/** @return the exit code: 0, or 2 for a usage error; failures throw {@link StartupFailure} (exit 1) */
	public static int run(HavenConfig config, Map<String, String> env, List<String> args, PrintStream out,
			PrintStream err) {
		if (args.isEmpty() || !args.get(0).equals("rotate")) {
			err.println("haven: usage: haven keys rotate [--master] [--org <uuid>|all] [--reencrypt]");
			return 2;
		}
		boolean master = false;
		boolean reencrypt = false;
		String org = null;
		for (int i = 1; i < args.size(); i++) {
			switch (args.get(i)) {
				case "--master" -> master = true;
				case "--reencrypt" -> reencrypt = true;
				case "--org" -> {
					if (i + 1 >= args.size()) {
						err.println("haven: --org needs an organization id or 'all'");
						return 2;
					}
					org = args.get(++i);
				}
				default -> {
					err.println("haven: unknown option '" + args.get(i) + "' for keys rotate");
					return 2;
				}
			}
		}
		if (!master && org == null) {
			err.println("haven: keys rotate needs --master and/or --org <uuid>|all");
			return 2;
		}
		OrgId single = null;
		if (org != null && !org.equals("all")) {
			try {
				single = new OrgId(UUID.fromString(org));
			}
			catch (IllegalArgumentException ex) {
				err.println("haven: --org must be an organization id (a UUID) or 'all'");
				return 2;
			}
		}
		try (AdminDatabase database = AdminDatabase.open(config)) {
			KeyManagement keys = KeyManagement.forCommandLine(database.ownerDataSource(), config.dataDir(), env);
			if (master) {
				KeyRotation rotation = keys.rotateMasterKey();
				out.println("master key rotated: version " + rotation.newVersion() + ", " + rotation.rewrapped()
						+ " organization keys re-wrapped");
			}
			List<OrgId> orgs = single != null ? List.of(single)
					: org != null || reencrypt ? keys.organizations() : List.of();
			if (org != null) {
				for (OrgId each : orgs) {
					KeyRotation rotation = keys.rotateOrganizationKey(each);
					out.println("organization key " + each + " rotated: version " + rotation.newVersion() + ", "
							+ rotation.rewrapped() + " data and index keys re-wrapped");
				}
			}
			if (reencrypt) {
				long job = keys.requestReencryption(new ArrayList<>(orgs));
				out.println("re-encryption job " + job + " queued for " + orgs.size()
						+ " organization(s): the running Haven re-seals data in the background");
			}
			return 0;
		}
		catch (HavenException ex) {
			throw new StartupFailure("keys rotate failed: " + ex.getMessage(), ex);
		}
	}

}
