using System;
using Minix3.Cosmos.Commands.Common.Net;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Commands.Net;

// wget's URLs: parsing, the Host header's authority, the default file
// name, and redirect locations resolved as RFC 3986 section 5 says (checked
// against .NET's Uri, which implements it).
public class HttpUrlTests
{
    [TestCase("http://files.test/big.bin", "files.test", 80, "/big.bin")]
    [TestCase("http://files.test:8080/a/b.bin", "files.test", 8080, "/a/b.bin")]
    [TestCase("http://10.0.2.2:8000", "10.0.2.2", 8000, "/")]
    [TestCase("http://h/x?y=1&z=2#frag", "h", 80, "/x?y=1&z=2")]
    [TestCase("http://h?q", "h", 80, "/?q")]
    [TestCase("HTTP://H/Case", "H", 80, "/Case")]
    [TestCase("files.test:81/dir/", "files.test", 81, "/dir/")]
    [TestCase("http://h:/p", "h", 80, "/p")]
    public void Parses(string text, string host, int port, string path)
    {
        HttpUrl? url = HttpUrl.Parse(text, out string error);
        Assert.That(url, Is.Not.Null, error);
        Assert.That((url!.Host, url.Port, url.Path), Is.EqualTo((host, port, path)));
    }

    [TestCase("https://files.test/x", "https is not supported")]
    [TestCase("HTTPS://files.test/x", "https is not supported")]
    [TestCase("ftp://files.test/x", "unsupported scheme: ftp://files.test/x")]
    [TestCase("http://h:0/x", "invalid port in URL: http://h:0/x")]
    [TestCase("http://h:65536/x", "invalid port in URL: http://h:65536/x")]
    [TestCase("http://h:8a/x", "invalid port in URL: http://h:8a/x")]
    [TestCase("http:///x", "invalid URL: http:///x")]
    [TestCase("http://user@h/x", "invalid URL: http://user@h/x")]
    public void Refuses(string text, string expected)
    {
        Assert.That(HttpUrl.Parse(text, out string error), Is.Null);
        Assert.That(error, Is.EqualTo(expected));
    }

    [TestCase("http://h/x", "h")]
    [TestCase("http://h:80/x", "h")]
    [TestCase("http://h:8080/x", "h:8080")]
    public void AuthorityOmitsTheDefaultPort(string text, string authority) =>
        Assert.That(HttpUrl.Parse(text, out _)!.Authority, Is.EqualTo(authority));

    [TestCase("http://h/a/b.bin", "b.bin")]
    [TestCase("http://h/", "index.html")]
    [TestCase("http://h", "index.html")]
    [TestCase("http://h/dir/", "index.html")]
    [TestCase("http://h/a%20b.txt", "a b.txt")]
    [TestCase("http://h/get?file=x", "get")]
    [TestCase("http://h/a%2Fb", "a%2Fb")]
    [TestCase("http://h/..", "index.html")]
    public void FileName(string text, string name) =>
        Assert.That(HttpUrl.Parse(text, out _)!.FileName(), Is.EqualTo(name));

    // RFC 3986 section 5.4's examples that stay within http, from the
    // RFC's base URI, plus a few of wget's usual redirects.
    [TestCase("http://a/b/c/d;p?q", "g")]
    [TestCase("http://a/b/c/d;p?q", "./g")]
    [TestCase("http://a/b/c/d;p?q", "g/")]
    [TestCase("http://a/b/c/d;p?q", "/g")]
    [TestCase("http://a/b/c/d;p?q", "//g")]
    [TestCase("http://a/b/c/d;p?q", "?y")]
    [TestCase("http://a/b/c/d;p?q", "g?y")]
    [TestCase("http://a/b/c/d;p?q", "#s")]
    [TestCase("http://a/b/c/d;p?q", "g#s")]
    [TestCase("http://a/b/c/d;p?q", ";x")]
    [TestCase("http://a/b/c/d;p?q", "")]
    [TestCase("http://a/b/c/d;p?q", ".")]
    [TestCase("http://a/b/c/d;p?q", "./")]
    [TestCase("http://a/b/c/d;p?q", "..")]
    [TestCase("http://a/b/c/d;p?q", "../")]
    [TestCase("http://a/b/c/d;p?q", "../g")]
    [TestCase("http://a/b/c/d;p?q", "../..")]
    [TestCase("http://a/b/c/d;p?q", "../../g")]
    [TestCase("http://a/b/c/d;p?q", "../../../g")]
    [TestCase("http://a/b/c/d;p?q", "/./g")]
    [TestCase("http://a/b/c/d;p?q", "/../g")]
    [TestCase("http://a/b/c/d;p?q", "g.")]
    [TestCase("http://a/b/c/d;p?q", "..g")]
    [TestCase("http://a/b/c/d;p?q", "./../g")]
    [TestCase("http://a/b/c/d;p?q", "g/./h")]
    [TestCase("http://a/b/c/d;p?q", "g/../h")]
    [TestCase("http://files.test:8080/old/name.bin", "/new/name.bin")]
    [TestCase("http://files.test:8080/old/name.bin", "http://other.test:9000/moved")]
    [TestCase("http://files.test/dir", "dir/")]
    public void ResolvesLikeUri(string baseText, string location)
    {
        HttpUrl start = HttpUrl.Parse(baseText, out _)!;
        HttpUrl? resolved = start.Resolve(location, out string error);
        Assert.That(resolved, Is.Not.Null, error);
        var expected = new Uri(new Uri(baseText), location);
        Assert.That(resolved!.Host, Is.EqualTo(expected.Host));
        Assert.That(resolved.Port, Is.EqualTo(expected.Port));
        Assert.That(resolved.Path, Is.EqualTo(expected.PathAndQuery), location);
    }

    [Test]
    public void RedirectToHttpsIsRefused()
    {
        HttpUrl start = HttpUrl.Parse("http://h/x", out _)!;
        Assert.That(start.Resolve("https://h/x", out string error), Is.Null);
        Assert.That(error, Is.EqualTo("https is not supported"));
    }
}
