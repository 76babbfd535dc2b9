package health.haven.telehealth.internal.janus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes the configuration of Haven's own Janus (auto mode). Only what group rooms need is loaded, and the plugin,
 * transport, event-handler and logger folders Janus scans are Haven's: the first two hold links to the VideoRoom
 * plugin and the WebSocket transport, the others are empty, so whatever else the package installs stays unloaded.
 * The files hold fresh secrets and are readable by Haven's user only.
 */
final class JanusConfig {

	private JanusConfig() {
	}

	static void write(Path dir, Path libraries, int apiPort, int adminPort, String adminSecret, String roomAdminKey,
			String rtpPorts) throws IOException {
		if (dir.toString().matches(".*[\"\\\\\\n].*")) {
			throw new IOException("the Janus folder's path must not contain quotes, backslashes or line breaks");
		}
		link(dir.resolve("plugins"), libraries.resolve("plugins/libjanus_videoroom.so"));
		link(dir.resolve("transports"), libraries.resolve("transports/libjanus_websockets.so"));
		Path nothing = dir.resolve("none");
		Files.createDirectories(nothing);
		file(dir.resolve("janus.jcfg"), """
				# Written by Haven at each start (HAVEN_JANUS=auto); edits are lost. See ADR 0011.
				general: {
					configs_folder = "%1$s"
					plugins_folder = "%1$s/plugins"
					transports_folder = "%1$s/transports"
					events_folder = "%1$s/none"
					loggers_folder = "%1$s/none"
					log_to_stdout = false
					log_to_file = "%1$s/janus.log"
					debug_level = 4
					debug_timestamps = true
					debug_colors = false
					server_name = "haven"
					hide_dependencies = true
					token_auth = true
					admin_secret = "%2$s"
					session_timeout = 60
					reclaim_session_timeout = 0
					protected_folders = [ "/" ]
				}
				certificates: {
				}
				media: {
					rtp_port_range = "%3$s"
				}
				nat: {
					nice_debug = false
					ice_ignore_list = "vmnet"
				}
				plugins: {
				}
				transports: {
				}
				loggers: {
				}
				events: {
					broadcast = false
				}
				""".formatted(dir, adminSecret, rtpPorts));
		file(dir.resolve("janus.plugin.videoroom.jcfg"), """
				general: {
					admin_key = "%s"
					lock_rtp_forward = true
					string_room_ids = false
					events = false
				}
				""".formatted(roomAdminKey));
		file(dir.resolve("janus.transport.websockets.jcfg"), """
				general: {
					json = "compact"
					events = false
					ws = true
					ws_port = %d
					ws_ip = "127.0.0.1"
					ws_acl = "127."
					wss = false
					ws_logging = "err,warn"
				}
				admin: {
					admin_ws = true
					admin_ws_port = %d
					admin_ws_ip = "127.0.0.1"
					admin_ws_acl = "127."
					admin_wss = false
				}
				""".formatted(apiPort, adminPort));
	}

	private static void link(Path folder, Path library) throws IOException {
		Files.createDirectories(folder);
		Path link = folder.resolve(library.getFileName());
		Files.deleteIfExists(link);
		Files.createSymbolicLink(link, library);
	}

	private static void file(Path path, String text) throws IOException {
		Files.deleteIfExists(path);
		Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		Files.writeString(path, text, StandardCharsets.UTF_8);
	}

}
