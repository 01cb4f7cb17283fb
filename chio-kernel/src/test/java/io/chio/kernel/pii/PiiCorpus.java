package io.chio.kernel.pii;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Labelled sentences for precision/recall, generated deterministically from a seed: each
 * sentence carries zero to two values of random types in type-specific templates, near misses
 * (checksum-broken values in the same templates), and filler prose full of numbers that are not
 * PII (prices, dates, versions, order numbers).
 */
final class PiiCorpus {
  private PiiCorpus() {}

  record Label(PiiType type, int start, int end) {}

  record Sentence(String text, List<Label> labels) {}

  /** Templates with the type's usual context; {@code %s} is the value. */
  static final Map<PiiType, String[]> CONTEXT = new EnumMap<>(PiiType.class);
  /** Templates without a keyword, for types detectable from the value alone. */
  static final Map<PiiType, String[]> PLAIN = new EnumMap<>(PiiType.class);

  static {
    ctx(PiiType.EMAIL, "Please email me at %s.", "Contact: %s", "Send the invoice to %s today.");
    plain(PiiType.EMAIL, "cc %s on the thread", "From %s: lunch?");
    ctx(PiiType.PHONE, "Call me on %s tomorrow.", "Phone: %s", "My mobile is %s.");
    plain(PiiType.PHONE, "Reach the desk at %s after 9.", "Dial %s for support.");
    ctx(PiiType.CREDIT_CARD, "My card number is %s.", "Charge the Visa %s please.", "card: %s exp 09/27");
    plain(PiiType.CREDIT_CARD, "use %s for the booking", "Paid with %s yesterday.");
    ctx(PiiType.IBAN, "Wire it to IBAN %s.", "Our bank account IBAN: %s");
    plain(PiiType.IBAN, "Transfer to %s by Friday.");
    ctx(PiiType.IPV4, "The server IP is %s.", "Blocked traffic from %s overnight.");
    plain(PiiType.IPV4, "ssh into %s and restart it");
    ctx(PiiType.IPV6, "Client address %s connected.", "Route %s via the gateway.");
    plain(PiiType.IPV6, "ping %s now");
    ctx(PiiType.MAC_ADDRESS, "Device MAC %s joined the network.", "Whitelist hardware address %s.");
    plain(PiiType.MAC_ADDRESS, "unknown host %s seen");
    ctx(PiiType.CRYPTO_WALLET, "Send the BTC to wallet %s.", "My ETH address is %s.");
    plain(PiiType.CRYPTO_WALLET, "tip jar: %s");
    ctx(PiiType.DATE_OF_BIRTH, "Date of birth: %s.", "She was born on %s in Leeds.", "DOB %s, verified.");
    ctx(PiiType.STREET_ADDRESS, "I live at %s, Springfield.", "Ship to %s please.", "Our office address is %s.");
    plain(PiiType.STREET_ADDRESS, "Meet at %s at noon.");
    ctx(PiiType.PASSPORT, "Passport number %s, expires 2031.", "My passport no. is %s.");
    ctx(PiiType.DRIVERS_LICENSE, "Driver's license %s issued in Ohio.", "DL number: %s");
    ctx(PiiType.SECRET, "export AWS key %s before deploy", "token %s leaked in the log");
    plain(PiiType.SECRET, "found %s in config");
    ctx(PiiType.SSN, "My SSN is %s.", "Social security number: %s", "SSN %s on file.");
    plain(PiiType.SSN, "Applicant %s was approved.");
    ctx(PiiType.ITIN, "My ITIN is %s.", "Taxpayer ITIN: %s");
    plain(PiiType.ITIN, "Filed under %s last year.");
    ctx(PiiType.EIN, "Company EIN %s.", "Employer identification number: %s");
    ctx(PiiType.UK_NINO, "National Insurance number %s.", "NINO: %s");
    plain(PiiType.UK_NINO, "Payroll ref %s updated.");
    ctx(PiiType.NHS_NUMBER, "NHS number %s.", "Patient NHS no: %s");
    ctx(PiiType.CA_SIN, "My SIN is %s.", "Social insurance number: %s");
    ctx(PiiType.AADHAAR, "Aadhaar number %s linked.", "My Aadhaar: %s");
    ctx(PiiType.IN_PAN, "PAN card %s for filing.", "Permanent account number %s");
    plain(PiiType.IN_PAN, "Ref %s received.");
    ctx(PiiType.BR_CPF, "CPF %s cadastrado.", "Meu CPF é %s.");
    plain(PiiType.BR_CPF, "Cliente %s aprovado.");
    ctx(PiiType.BR_CNPJ, "CNPJ da empresa: %s.", "CNPJ %s ativo.");
    plain(PiiType.BR_CNPJ, "Fornecedor %s pago.");
    ctx(PiiType.AE_EMIRATES_ID, "Emirates ID %s verified.", "My Emirates ID is %s.");
    plain(PiiType.AE_EMIRATES_ID, "Visa holder %s renewed.");
    ctx(PiiType.SA_NATIONAL_ID, "Saudi national ID %s.", "Iqama number %s.");
    ctx(PiiType.NG_NIN, "My NIN is %s.", "National identification number %s");
    ctx(PiiType.NG_BVN, "BVN %s confirmed.", "Bank verification number: %s");
    ctx(PiiType.AU_TFN, "My TFN is %s.", "Tax file number %s");
    ctx(PiiType.AU_MEDICARE, "Medicare card %s.", "Medicare number: %s");
    ctx(PiiType.JP_MY_NUMBER, "My Number %s registered.", "Individual number: %s");
    ctx(PiiType.CN_RESIDENT_ID, "Resident ID %s.", "ID card number %s");
    plain(PiiType.CN_RESIDENT_ID, "Guest %s checked in.");
    ctx(PiiType.KR_RRN, "RRN %s.", "Resident registration number %s");
    ctx(PiiType.EU_VAT, "VAT number %s.", "Our VAT ID is %s.");
    plain(PiiType.EU_VAT, "Invoice to %s GmbH.");
    ctx(PiiType.MEDICAL_RECORD_NUMBER, "MRN %s admitted.", "Medical record number: %s");
    ctx(PiiType.ICD10_CODE, "Diagnosis code %s confirmed.", "ICD-10 %s recorded.");
    plain(PiiType.ICD10_CODE, "Billed as %s.");
    ctx(PiiType.BANK_ACCOUNT, "Account number %s at First Bank.", "Bank account %s, checking.");
    ctx(PiiType.ABA_ROUTING, "Routing number %s.", "ABA %s for the wire.");
  }

  private static void ctx(PiiType t, String... templates) {
    CONTEXT.put(t, templates);
  }

  private static void plain(PiiType t, String... templates) {
    PLAIN.put(t, templates);
  }

  /** Neutral templates for near misses of keyword-only types (the value alone must not be reported). */
  static final String[] NEUTRAL = {"Ticket %s was closed.", "Reference %s attached.", "Batch %s shipped on time."};

  static final String[] FILLER = {
      "The invoice total was $1,234.56 on 2023-04-05.", "Version 2.4.1 shipped to 1200 users.", "Order #48213 arrives in 3 days.",
      "Call volume rose 12% in Q3 2024.", "Room 404 has 25 seats and 3 screens.", "The build took 17 minutes on 4 cores.",
      "We hired 15 people in 2022 and 40 in 2023.", "Flight BA 117 leaves at 18:45 from gate 22.", "Temperatures hit 31.5 degrees on June 3.",
      "Page 212 of 555 covers the 1099 form.", "Release 10.0.0 replaces 9.8.7 next week.", "The meeting moved to 10:30 on the 14th.",
      "Chapter 11 starts on page 345.", "Our NPS went from 31 to 47.", "Serial run 2024-11 produced 120000 units.",
      "Pick up 3 apples, 2 pears and 12 eggs.", "The bug affects builds 1710000000 through 1710009999.", "ISO 9001 and ISO 27001 audits passed.",
      "Port 8080 and 8443 are open.", "We need 4 GB of RAM and 2 vCPUs."};

  /** A PII type drawn for the corpus; all types with a template. */
  static final PiiType[] TYPES = CONTEXT.keySet().toArray(new PiiType[0]);

  static Sentence positive(PiiType t, String value, Random r) {
    String[] templates = PLAIN.containsKey(t) && r.nextInt(3) == 0 ? PLAIN.get(t) : CONTEXT.get(t);
    return fill(PiiValues.pick(r, templates), t, value, true);
  }

  static Sentence negative(PiiType t, String value, Random r) {
    boolean keywordOnly = switch (t) {
      case PASSPORT, DRIVERS_LICENSE, NG_NIN, NG_BVN, MEDICAL_RECORD_NUMBER, BANK_ACCOUNT -> true;
      default -> false;
    };
    String template = keywordOnly ? PiiValues.pick(r, NEUTRAL) : PiiValues.pick(r, CONTEXT.get(t));
    return fill(template, t, value, false);
  }

  private static Sentence fill(String template, PiiType t, String value, boolean label) {
    int at = template.indexOf("%s");
    String text = template.substring(0, at) + value + template.substring(at + 2);
    return new Sentence(text, label ? List.of(new Label(t, at, at + value.length())) : List.of());
  }

  /** {@code n} sentences; about 60% carry PII, 20% near misses, 20% filler. */
  static List<Sentence> generate(long seed, int n) {
    Random r = new Random(seed);
    List<Sentence> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int kind = r.nextInt(10);
      Sentence s;
      if (kind < 6) {
        PiiType t = TYPES[r.nextInt(TYPES.length)];
        s = positive(t, PiiValues.valid(t, r), r);
        if (r.nextInt(4) == 0) {
          PiiType t2 = TYPES[r.nextInt(TYPES.length)];
          s = join(s, positive(t2, PiiValues.valid(t2, r), r));
        }
      } else if (kind < 8) {
        PiiType t = TYPES[r.nextInt(TYPES.length)];
        s = negative(t, PiiValues.nearMiss(t, r), r);
      } else {
        s = new Sentence(PiiValues.pick(r, FILLER), List.of());
      }
      if (r.nextInt(3) == 0) {
        s = join(s, new Sentence(PiiValues.pick(r, FILLER), List.of()));
      }
      out.add(s);
    }
    return out;
  }

  static Sentence join(Sentence a, Sentence b) {
    int off = a.text().length() + 1;
    List<Label> labels = new ArrayList<>(a.labels());
    for (Label l : b.labels()) {
      labels.add(new Label(l.type(), l.start() + off, l.end() + off));
    }
    return new Sentence(a.text() + " " + b.text(), labels);
  }
}
