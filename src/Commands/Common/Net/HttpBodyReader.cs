using System;

namespace Minix3.Cosmos.Commands.Common.Net;

public enum HttpBodyKind { Length, Chunked, UntilClose }

// A message body as it arrives, in pieces of any size: Content-Length
// bytes, chunked transfer coding (RFC 9112 section 7.1: hex sizes,
// extensions ignored, trailer fields skipped), or everything until the
// connection closes. The decoded bytes go to an HttpGather, which
// gathers small pieces into big writes.
public sealed class HttpBodyReader
{
    private enum Chunk { Size, Extension, SizeEnd, Data, DataEnd, DataEndLf, Trailer, Done }

    // A chunk size beyond this is nonsense (and would overflow).
    private const long MaxChunk = 1L << 48;

    private Chunk _state = Chunk.Size;
    private long _chunkLeft;
    private int _digits;
    private bool _inExtension;
    private bool _trailerLineEmpty = true;

    public HttpBodyReader(HttpBodyKind kind, long length)
    {
        Kind = kind;
        Length = length;
    }

    public HttpBodyKind Kind { get; }

    // Content-Length, or -1 when not known in advance.
    public long Length { get; }

    // Body bytes handed on so far (decoded, for chunked).
    public long Delivered { get; private set; }

    // The whole body is in (never, for UntilClose: the close ends it).
    public bool Complete => Kind == HttpBodyKind.Length ? Delivered >= Length : Kind == HttpBodyKind.Chunked && _state == Chunk.Done;

    // Why the body is malformed, once Feed returned false.
    public string Error { get; private set; } = "";

    // Takes the next bytes from the connection; bytes past the end of the
    // body are ignored (the connection closes after one response). False
    // for malformed chunked framing.
    public bool Feed(ReadOnlySpan<byte> data, HttpGather output)
    {
        if (Kind == HttpBodyKind.UntilClose)
        {
            Deliver(data, output);
            return true;
        }
        if (Kind == HttpBodyKind.Length)
        {
            long left = Length - Delivered;
            Deliver(data.Length > left ? data.Slice(0, (int)left) : data, output);
            return true;
        }
        int i = 0;
        while (i < data.Length && _state != Chunk.Done)
        {
            byte b = data[i];
            switch (_state)
            {
                case Chunk.Size:
                {
                    int digit = HttpText.HexDigit(b);
                    if (digit >= 0)
                    {
                        _chunkLeft = _chunkLeft * 16 + digit;
                        if (_chunkLeft > MaxChunk)
                            return Fail("chunk size too large");
                        _digits++;
                        i++;
                        break;
                    }
                    if (_digits == 0)
                        return Fail("bad chunk size");
                    _state = Chunk.Extension;
                    break;
                }
                case Chunk.Extension:
                    // ";name=value" and whitespace up to the line's end.
                    if (b == (byte)'\n')
                        _state = _chunkLeft == 0 ? Chunk.Trailer : Chunk.Data;
                    else if (b == (byte)';')
                        _inExtension = true;
                    else if (b != (byte)'\r' && b != (byte)' ' && b != (byte)'\t' && !(_inExtension && InExtension(b)))
                        return Fail("bad chunk size");
                    i++;
                    break;
                case Chunk.Data:
                {
                    int take = data.Length - i < _chunkLeft ? data.Length - i : (int)_chunkLeft;
                    Deliver(data.Slice(i, take), output);
                    _chunkLeft -= take;
                    i += take;
                    if (_chunkLeft == 0)
                        _state = Chunk.DataEnd;
                    break;
                }
                case Chunk.DataEnd:
                    if (b == (byte)'\r')
                        _state = Chunk.DataEndLf;
                    else if (b == (byte)'\n')
                        NextChunk();
                    else
                        return Fail("chunk not followed by CRLF");
                    i++;
                    break;
                case Chunk.DataEndLf:
                    if (b != (byte)'\n')
                        return Fail("chunk not followed by CRLF");
                    NextChunk();
                    i++;
                    break;
                case Chunk.Trailer:
                    // Trailer fields, each a line, until an empty line.
                    if (b == (byte)'\n')
                    {
                        if (_trailerLineEmpty)
                            _state = Chunk.Done;
                        _trailerLineEmpty = true;
                    }
                    else if (b != (byte)'\r')
                    {
                        _trailerLineEmpty = false;
                    }
                    i++;
                    break;
            }
        }
        return true;
    }

    // The connection closed: null if that is a proper end of the body,
    // otherwise what went wrong ("connection closed after N of M bytes").
    public string? End()
    {
        if (Kind == HttpBodyKind.UntilClose || Complete)
            return null;
        if (Kind == HttpBodyKind.Length)
            return "connection closed after " + Delivered.ToString() + " of " + Length.ToString() + " bytes";
        return "connection closed after " + Delivered.ToString() + " bytes of a chunked body";
    }

    private void NextChunk()
    {
        _state = Chunk.Size;
        _chunkLeft = 0;
        _digits = 0;
        _inExtension = false;
    }

    // Bytes a chunk extension may hold after its ';' (tokens, '=', quoted
    // strings): anything printable.
    private static bool InExtension(byte b) => b > ' ' && b < 0x7F;

    private void Deliver(ReadOnlySpan<byte> data, HttpGather output)
    {
        if (data.Length == 0)
            return;
        output.Write(data);
        Delivered += data.Length;
    }

    private bool Fail(string error)
    {
        Error = error;
        return false;
    }
}
