using System;
using System.Collections.Generic;
using System.Text;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Commands.Common.Net;

namespace Minix3.Cosmos.Unit.Commands.Net;

// Everything the HTTP tests stand in for the network and the file system.

// Records every write, as one byte list and as the sizes of the writes.
internal sealed class RecordingSink : IByteSink
{
    public readonly List<byte> Bytes = new List<byte>();
    public readonly List<int> Writes = new List<int>();
    public int FailWith;

    public int Write(ReadOnlySpan<byte> data)
    {
        if (FailWith < 0)
            return FailWith;
        Writes.Add(data.Length);
        Bytes.AddRange(data.ToArray());
        return data.Length;
    }

    public string Text => Encoding.Latin1.GetString(Bytes.ToArray());
}

// A connection with a scripted peer: what the peer answers (given the
// request the client sent) is handed out Piece bytes per Receive, then 0
// (the peer closed) or Error.
internal sealed class ScriptedConnection : IHttpConnection
{
    private readonly Func<string, byte[]> _answer;
    private byte[]? _response;
    private int _offset;

    public ScriptedConnection(Func<string, byte[]> answer, int piece)
    {
        _answer = answer;
        Piece = piece;
    }

    public int Piece { get; }
    public readonly StringBuilder Sent = new StringBuilder();
    public readonly List<int> SendSizes = new List<int>();
    public bool Closed;
    public int ErrorAtEnd;
    public int Receives;

    public int Send(ReadOnlySpan<byte> data)
    {
        SendSizes.Add(data.Length);
        Sent.Append(Encoding.Latin1.GetString(data));
        return data.Length;
    }

    public int Receive(Span<byte> into)
    {
        Receives++;
        _response ??= _answer(Sent.ToString());
        if (_offset >= _response.Length)
            return ErrorAtEnd;
        int n = Math.Min(Math.Min(Piece, into.Length), _response.Length - _offset);
        _response.AsSpan(_offset, n).CopyTo(into);
        _offset += n;
        return n;
    }

    public void Close() => Closed = true;
}

// Servers by "host:port"; a missing one refuses the connection.
internal sealed class FakeNetwork : IHttpNetwork
{
    public readonly Dictionary<string, Func<string, byte[]>> Servers = new Dictionary<string, Func<string, byte[]>>();
    public readonly List<ScriptedConnection> Connections = new List<ScriptedConnection>();
    public int Piece = 1460;

    public IHttpConnection? Connect(string host, int port, out string error)
    {
        error = "";
        if (!Servers.TryGetValue(host + ":" + port, out Func<string, byte[]>? answer))
        {
            error = host + ":" + port + ": Connection refused";
            return null;
        }
        var connection = new ScriptedConnection(answer, Piece);
        Connections.Add(connection);
        return connection;
    }

    public string ErrorText(int status) => "error " + status;
}

internal sealed class FakeTarget : IHttpTarget
{
    private readonly RecordingSink _sink = new RecordingSink();
    public int Opens, Closes, Discards;

    public IByteSink Sink => _sink;
    public RecordingSink Recorded => _sink;

    public string? Open()
    {
        Opens++;
        return null;
    }

    public string? Close()
    {
        Closes++;
        return null;
    }

    public void Discard() => Discards++;

    public string WriteError(int status) => "out: error " + status;
}

// An in-memory tree: paths to contents, directories implied by them and
// listed in Directories; Forbidden paths answer as a device would.
internal sealed class FakeFiles : IHttpFiles
{
    public readonly Dictionary<string, byte[]> Contents = new Dictionary<string, byte[]>();
    public readonly HashSet<string> Directories = new HashSet<string> { "/" };
    public readonly HashSet<string> Forbidden = new HashSet<string>();
    private readonly Dictionary<int, (byte[] Data, int Offset)> _open = new Dictionary<int, (byte[], int)>();
    private int _next = 3;
    public int MaxRead = int.MaxValue;
    public readonly List<string> Opened = new List<string>();

    public void Add(string path, byte[] data)
    {
        Contents[path] = data;
        for (int slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
            Directories.Add(path.Substring(0, slash));
    }

    public HttpFileKind Stat(string path, out long size)
    {
        size = 0;
        if (Forbidden.Contains(path))
            return HttpFileKind.Forbidden;
        if (Directories.Contains(path))
            return HttpFileKind.Directory;
        if (!Contents.TryGetValue(path, out byte[]? data))
            return HttpFileKind.Missing;
        size = data.Length;
        return HttpFileKind.File;
    }

    public bool List(string path, List<string> names, List<bool> isDirectory)
    {
        string prefix = path == "/" ? "/" : path + "/";
        var seen = new HashSet<string>();
        foreach (string file in Contents.Keys)
            Child(file, false);
        foreach (string directory in Directories)
            Child(directory, true);
        return true;

        void Child(string full, bool directory)
        {
            if (!full.StartsWith(prefix, StringComparison.Ordinal) || full.Length == prefix.Length)
                return;
            string rest = full.Substring(prefix.Length);
            if (rest.Contains('/') || !seen.Add(rest))
                return;
            names.Add(rest);
            isDirectory.Add(directory);
        }
    }

    public int Open(string path)
    {
        if (!Contents.TryGetValue(path, out byte[]? data))
            return -40;
        Opened.Add(path);
        _open[_next] = (data, 0);
        return _next++;
    }

    public int Read(int handle, Span<byte> into)
    {
        (byte[] data, int offset) = _open[handle];
        int n = Math.Min(Math.Min(into.Length, MaxRead), data.Length - offset);
        data.AsSpan(offset, n).CopyTo(into);
        _open[handle] = (data, offset + n);
        return n;
    }

    public void Close(int handle) => _open.Remove(handle);

    public int OpenCount => _open.Count;
}

internal static class Bytes
{
    // Big buffers compared at memcmp speed (NUnit compares element by
    // element); a difference names its first offset.
    public static void AssertSame(byte[] actual, byte[] expected)
    {
        NUnit.Framework.Assert.That(actual.Length, NUnit.Framework.Is.EqualTo(expected.Length), "length");
        if (actual.AsSpan().SequenceEqual(expected))
            return;
        int at = 0;
        while (actual[at] == expected[at])
            at++;
        NUnit.Framework.Assert.Fail($"bytes differ first at offset {at}");
    }
}
