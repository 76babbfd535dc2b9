package health.haven.operations.internal;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditOutcome;
import health.haven.audit.AuditTrail;
import health.haven.crypto.KeyManagement;
import health.haven.crypto.KeyRotation;
import health.haven.operations.HavenConfig;
import health.haven.operations.StartupFailure;
import health.haven.shared.ActorRef;
import health.haven.shared.HavenException;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code haven keys rotate [--master] [--org <uuid>|all] [--reencrypt]}: rotates keys online, next to a running
 * Haven (which notices through {@code crypto.key_generation} within seconds) or with Haven stopped.
 *
 * <p>Every rotation is recorded in the audit trail (action {@code KEY_ROTATED}, or the failure with outcome
 * {@code ERROR}) and is durable before the command reports success.
 */
public final class KeyCommands {

	public static final String USAGE = """
			  keys rotate [--master] [--org <uuid>|all] [--reencrypt]
			                 rotate the master key and/or organization keys online (keys below are re-wrapped, data
			                 is not re-encrypted); --reencrypt also gives data keys a new version and queues background
			                 re-encryption, which the running Haven performs""";

	static final ActorRef ACTOR = ActorRef.system("keys-rotate");

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
		try (AdminDatabase database = AdminDatabase.open(config);
				AuditTrail.Standalone audit = AuditTrail.standalone(database.ownerDataSource())) {
			KeyManagement keys = KeyManagement.forCommandLine(database.ownerDataSource(), config.dataDir(), env);
			if (master) {
				KeyRotation rotation = audited(audit, null, keys::rotateMasterKey);
				out.println("master key rotated: version " + rotation.newVersion() + ", " + rotation.rewrapped()
						+ " organization keys re-wrapped");
			}
			List<OrgId> orgs = single != null ? List.of(single)
					: org != null || reencrypt ? keys.organizations() : List.of();
			if (org != null) {
				for (OrgId each : orgs) {
					KeyRotation rotation = audited(audit, each, () -> keys.rotateOrganizationKey(each));
					out.println("organization key " + each + " rotated: version " + rotation.newVersion() + ", "
							+ rotation.rewrapped() + " data and index keys re-wrapped");
				}
			}
			if (reencrypt) {
				long job = keys.requestReencryption(new ArrayList<>(orgs));
				audit.recordDurably(AuditEntry.of(ACTOR, AuditAction.CONFIGURATION_CHANGED, Purpose.OPERATIONS)
					.resource("reencryption_job", String.valueOf(job))
					.detail("organizations", String.valueOf(orgs.size()))
					.build());
				out.println("re-encryption job " + job + " queued for " + orgs.size()
						+ " organization(s): the running Haven re-seals data in the background");
			}
			return 0;
		}
		catch (HavenException ex) {
			throw new StartupFailure("keys rotate failed: " + ex.getMessage(), ex);
		}
	}

	private static KeyRotation audited(AuditTrail.Standalone audit, OrgId org, Supplier<KeyRotation> rotation) {
		AuditEntry.Builder entry = AuditEntry.of(ACTOR, AuditAction.KEY_ROTATED, Purpose.OPERATIONS);
		if (org != null) {
			entry.org(org).resource("org_key", org.toString());
		}
		try {
			KeyRotation done = rotation.get();
			if (org == null) {
				entry.resource("master_key", "v" + done.newVersion());
			}
			audit.recordDurably(entry.detail("version", String.valueOf(done.newVersion()))
				.detail("rewrapped", String.valueOf(done.rewrapped()))
				.build());
			return done;
		}
		catch (HavenException ex) {
			audit.recordDurably(entry.outcome(AuditOutcome.ERROR).detail("code", ex.code()).build());
			throw ex;
		}
	}

}
