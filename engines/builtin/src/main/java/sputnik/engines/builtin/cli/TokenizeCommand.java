package sputnik.engines.builtin.cli;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sputnik.engines.builtin.engine.ModelFiles;
import sputnik.engines.builtin.gguf.GgufException;
import sputnik.engines.builtin.gguf.GgufFile;
import sputnik.engines.builtin.tokenizer.Tokenizer;
import sputnik.harness.api.UsageException;

@Command(
        name = "tokenize",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Tokenize text with a GGUF model's own tokenizer, as llama.cpp does (byte-level BPE; pre-tokenizers qwen2,",
            "deepseek-r1-qwen, deepseek-llm, deepseek-v3, llama-bpe). The last line printed is a JSON array of token ids."
        },
        footer = {"", "Example:", "  sputnik tokenize --model DeepSeek-R1-Distill-Qwen-1.5B-Q8_0.gguf --text 'Hello, world!'"})
public final class TokenizeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE.gguf", description = "The GGUF file whose vocabulary to use.")
    Path model;

    @ArgGroup(multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--text", paramLabel = "TEXT", description = "The text to tokenize.")
        String text;

        @Option(names = "--text-file", paramLabel = "FILE", description = "Tokenize the contents of a UTF-8 file, byte for byte.")
        Path file;
    }

    @Option(names = "--no-special",
            description = "Add no BOS/EOS, and read special-token text such as <|im_start|> as plain text (llama.cpp's add_special and"
                    + " parse_special both off). By default BOS is added where the vocabulary says so and special tokens in the text are recognised.")
    boolean noSpecial;

    @Option(names = "--show-pieces", description = "First print one line per token: its id, then its bytes as text (JSON-escaped) and hex.")
    boolean showPieces;

    @Override
    public Integer call() throws Exception {
        String text = input.text != null ? input.text : readUtf8(input.file);
        Tokenizer tokenizer;
        try (GgufFile f = ModelFiles.open(model)) {
            tokenizer = Tokenizer.from(f);
        } catch (GgufException e) {
            throw new UsageException(e.getMessage(), e);
        }
        int[] ids = noSpecial ? tokenizer.encode(text, false, false) : tokenizer.encode(text, true, true);
        PrintWriter out = spec.commandLine().getOut();
        if (showPieces) {
            for (int id : ids) {
                byte[] piece = tokenizer.piece(id);
                out.println(id + "\t" + jsonString(new String(piece, StandardCharsets.UTF_8)) + "\t" + HexFormat.of().formatHex(piece));
            }
        }
        StringJoiner json = new StringJoiner(",", "[", "]");
        for (int id : ids) json.add(Integer.toString(id));
        out.println(json);
        out.flush();
        return 0;
    }

    private static String readUtf8(Path file) throws UsageException {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new UsageException("--text-file " + file + " is not valid UTF-8");
        } catch (IOException e) {
            throw new UsageException("--text-file " + file + ": cannot read it (" + e.getClass().getSimpleName() + ")");
        }
    }

    static String jsonString(String s) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
    }
}
