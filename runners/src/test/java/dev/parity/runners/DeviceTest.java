package dev.parity.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeviceTest {
    @Test
    void parsesAndNamesTheAcceptedForms() {
        assertEquals(Device.CPU, Device.parse("CPU"));
        assertEquals(new Device(Device.Kind.CUDA, 0), Device.parse("cuda"));
        assertEquals(new Device(Device.Kind.CUDA, 2), Device.parse("cuda:2"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Device.parse("cuda:x"));
        assertTrue(e.getMessage().contains("cpu, cuda, cuda:N"));
    }
}
