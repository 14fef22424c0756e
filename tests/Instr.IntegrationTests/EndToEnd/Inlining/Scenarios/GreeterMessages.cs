using System.Text;

namespace Instr.IntegrationTests.EndToEnd.Inlining.Scenarios;

/// <summary>
/// The template's greet.proto messages on the wire, written by hand: HelloRequest and HelloReply each hold one string,
/// field 1, so a message is the tag byte 0x0A (field 1, length-delimited), the UTF-8 length as a varint, the bytes.
/// Keeping them as raw bytes lets the test compare replies byte for byte.
/// </summary>
internal static class GreeterMessages
{
    public static byte[] StringField1(string value)
    {
        var utf8 = Encoding.UTF8.GetBytes(value);
        var message = new List<byte> { 0x0A };
        for (var length = (uint)utf8.Length; ; length >>= 7)
        {
            if (length < 0x80)
            {
                message.Add((byte)length);
                break;
            }

            message.Add((byte)(length | 0x80));
        }

        message.AddRange(utf8);
        return [.. message];
    }
}
