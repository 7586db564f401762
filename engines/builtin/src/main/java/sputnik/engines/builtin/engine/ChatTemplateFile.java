package sputnik.engines.builtin.engine;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import sputnik.engines.builtin.chat.ChatTemplate;
import sputnik.engines.builtin.tokenizer.Tokenizer;
import sputnik.harness.api.UsageException;

/**
 * {@code --chat-template FILE}: a Jinja chat template (as in a model's {@code tokenizer_config.json}, unescaped) that
 * replaces the model's own. Every problem with the file is a one-line usage error naming it.
 */
public final class ChatTemplateFile {
    private ChatTemplateFile() {}

    /** The template in {@code file}, with {@code tokenizer}'s BOS and EOS texts. */
    public static ChatTemplate read(Path file, Tokenizer tokenizer) throws UsageException {
        String source;
        try {
            source = Files.readString(file); // UTF-8; malformed input is a CharacterCodingException
        } catch (NoSuchFileException e) {
            throw new UsageException("--chat-template " + file + ": no such file");
        } catch (CharacterCodingException e) {
            throw new UsageException("--chat-template " + file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new UsageException("--chat-template " + file + ": cannot be read (" + e.getMessage() + ")");
        }
        try {
            return ChatTemplate.fromJinja(source, "--chat-template " + file, tokenizer);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
