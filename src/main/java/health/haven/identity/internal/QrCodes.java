package health.haven.identity.internal;

import io.nayuki.qrcodegen.QrCode;

/** Draws a QR code as inline SVG, made on the server: the secret inside never leaves Haven's own page. */
final class QrCodes {

	private static final int BORDER = 4;

	private QrCodes() {
	}

	static String svg(String text, String accessibleName) {
		QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
		int size = qr.size + BORDER * 2;
		StringBuilder path = new StringBuilder();
		for (int y = 0; y < qr.size; y++) {
			for (int x = 0; x < qr.size; x++) {
				if (qr.getModule(x, y)) {
					path.append('M').append(x + BORDER).append(',').append(y + BORDER).append("h1v1h-1z");
				}
			}
		}
		return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" role=\"img\" aria-label=\""
				+ accessibleName.replace("\"", "") + "\" viewBox=\"0 0 " + size + " " + size
				+ "\" width=\"240\" height=\"240\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" "
				+ "fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
	}

}
