package health.haven.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.crypto.internal.FileKeyProvider;
import health.haven.crypto.internal.Keyring;
import health.haven.crypto.internal.MemoryKeyRecords;
import health.haven.shared.OrgId;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CryptoBlindIndexTests {

	static final IndexedColumn EMAIL = IndexedColumn.unique("records.client", "email_bidx", Normalization.EMAIL);

	static final IndexedColumn NAME_DOB = new IndexedColumn("records.client", "name_dob_bidx", Normalization.TEXT, 4);

	static final IndexedColumn CONTACT_EMAIL = IndexedColumn.unique("records.contact", "email_bidx",
			Normalization.EMAIL);

	@TempDir
	Path keys;

	Keyring keyring;

	BlindIndex index;

	final OrgId org = OrgId.random();

	@BeforeEach
	void setUp() {
		keyring = new Keyring(new FileKeyProvider(keys.resolve("master.keyset")), new MemoryKeyRecords());
		index = new BlindIndex(keyring);
	}

	@Test
	void equalValuesWrittenDifferentlyHaveTheSameIndex() {
		assertThat(index.of(org, EMAIL, "  Alice.Doe@Example.COM ")).isEqualTo(index.of(org, EMAIL, "alice.doe@example.com"))
			.hasSize(16);
		assertThat(index.of(org, NAME_DOB, "  José   GARCÍA ", "1990-04-01"))
			.isEqualTo(index.of(org, NAME_DOB, "jose\u0301 garci\u0301a", "1990-04-01"))
			.hasSize(4);
		assertThat(index.of(org, EMAIL, "alice@example.com")).isNotEqualTo(index.of(org, EMAIL, "alice@example.org"));
		assertThat(index.of(org, EMAIL, (String) null)).isNull();
	}

	@Test
	void partsAreNotConfusedWithEachOther() {
		assertThat(index.of(org, NAME_DOB, "ann a", "b")).isNotEqualTo(index.of(org, NAME_DOB, "ann", "a b"));
	}

	@Test
	void eachColumnAndOrganizationHasItsOwnKey() {
		assertThat(index.of(org, EMAIL, "alice@example.com")).isNotEqualTo(index.of(org, CONTACT_EMAIL, "alice@example.com"));
		assertThat(index.of(org, EMAIL, "alice@example.com"))
			.isNotEqualTo(index.of(OrgId.random(), EMAIL, "alice@example.com"));
	}

	@Test
	void indexesStayTheSameWhenKeysAreRotated() {
		byte[] before = index.of(org, EMAIL, "alice@example.com");
		keyring.rotateMaster();
		keyring.rotateOrganization(org);
		assertThat(index.of(org, EMAIL, "alice@example.com")).isEqualTo(before);
	}

	@Test
	void normalizations() {
		assertThat(Normalization.DIGITS.apply("+1 (555) 010-9999")).isEqualTo("15550109999");
		assertThat(Normalization.TEXT.apply("\tMary\u00A0 Ann  ")).isEqualTo("mary ann");
		assertThat(Normalization.EXACT.apply(" 1990-04-01 ")).isEqualTo("1990-04-01");
	}

}
