package health.haven.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/** The accounts the demo seeding wrote to {@code demo-credentials.json}. */
public final class DemoAccounts {

	private DemoAccounts() {
	}

	public static List<Account> read(Path dataDir) {
		try {
			byte[] json = Files.readAllBytes(dataDir.resolve("demo-credentials.json"));
			return List.of(JsonMapper.builder().build().readValue(json, Account[].class));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static Account withRole(Path dataDir, String role) {
		return read(dataDir).stream()
			.filter(account -> account.roles().contains(role))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no demo account with role " + role));
	}

	public record Account(String username, String password, List<String> roles, String displayName,
			String totpSecret) {
	}

}
