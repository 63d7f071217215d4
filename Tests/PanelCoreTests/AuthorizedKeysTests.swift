import Foundation
import PanelCore
import Testing

/// The expert's public key and panel's block of authorized_keys (issue 18).
@Suite struct AuthorizedKeysTests {
    // A real ed25519 public key (made by ssh-keygen for this test).
    static let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKWRcE9r2C0ArtMOWthUpJJvS7daLjpVcfGXanDc9kvP 张三@laptop"

    @Test func aPublicKeyLineIsReadAndAnythingElseRefusedWithWhy() throws {
        let parsed = try SSHPublicKey.parse(Self.key + "\n").get()
        #expect(parsed.type == "ssh-ed25519" && parsed.comment == "张三@laptop")
        let refusals: [(String, String)] = [
            ("-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn…\n", "is a private key"),
            ("command=\"/bin/sh\" " + Self.key, "is not a public key line"),
            (Self.key + "\n" + Self.key, "holds 2 keys"),
            ("", "holds no key"),
            ("ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIKWRcE9r2C0ArtMOWthUpJJvS7daLjpVcfGXanDc9kvP x", "its content is not"),
            ("ssh-ed25519 not*base64 x", "does not decode"),
        ]
        for (text, why) in refusals {
            guard case .failure(let refusal) = SSHPublicKey.parse(text) else {
                Issue.record("accepted \(text)")
                continue
            }
            #expect(refusal.description.contains(why), "\(refusal)")
        }
    }

    @Test func theBlockForcesEachKeyIntoItsExpertAndLeavesTheRestOfTheFile() throws {
        let key = try SSHPublicKey.parse(Self.key).get()
        let line = AuthorizedKeysBlock.line(
            key: key, expert: "E01", panel: "/srv/panel/bin/panel", database: "/srv/panel/评审 2020.sqlite")
        #expect(
            line == "restrict,pty,command=\"/srv/panel/bin/panel tui --db '/srv/panel/评审 2020.sqlite' "
                + "--expert E01\" "
                + "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKWRcE9r2C0ArtMOWthUpJJvS7daLjpVcfGXanDc9kvP panel:E01")
        let own = "# the admin's own key\nssh-ed25519 AAAAadmin admin\n"
        let written = AuthorizedKeysBlock.replacing(in: own, with: [line])
        #expect(written == own + AuthorizedKeysBlock.begin + "\n" + line + "\n" + AuthorizedKeysBlock.end + "\n")
        // Rewritten in place, then emptied: the admin's lines never move or change.
        let tail = written + "ssh-ed25519 AAAAlater later\n"
        let again = AuthorizedKeysBlock.replacing(in: tail, with: [line, line])
        #expect(
            again == own + [AuthorizedKeysBlock.begin, line, line, AuthorizedKeysBlock.end].joined(separator: "\n")
                + "\nssh-ed25519 AAAAlater later\n")
        #expect(AuthorizedKeysBlock.replacing(in: again, with: []) == own + "ssh-ed25519 AAAAlater later\n")
        #expect(AuthorizedKeysBlock.shellQuoted("it's") == #"'it'\''s'"#)
    }
}
