package org.phenolip.train.cli;

import org.phenolip.model.tower.DeviceSpec;
import org.phenolip.model.tower.Preset;
import org.phenolip.train.settings.FailureInjection;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters for the typed training settings: a bad value is one clear error line. */
final class SettingConverters {
  private SettingConverters() {}

  static final class PresetConverter implements ITypeConverter<Preset> {
    @Override
    public Preset convert(String value) {
      try {
        return Preset.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class DeviceConverter implements ITypeConverter<DeviceSpec> {
    @Override
    public DeviceSpec convert(String value) {
      try {
        return DeviceSpec.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class FailAtConverter implements ITypeConverter<FailureInjection> {
    @Override
    public FailureInjection convert(String value) {
      try {
        return FailureInjection.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
